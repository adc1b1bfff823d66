package dev.greenwire.internal.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prepared statements of one connection: a statement text (with its parameter types) seen
 * {@code threshold} times is prepared under a name and then executed with Bind alone; at most
 * {@code max} are kept, the least recently used closed first. The server forgets them on
 * {@code DISCARD ALL} / {@code DEALLOCATE ALL} (the cache is cleared when their command tags go
 * by) and invalidates one when its result type changes ("cached plan must not change result
 * type": that entry is dropped).
 */
public final class StatementCache {
    /** A statement's key: its bytes and parameter types. */
    record Key(byte[] sql, int[] types, int hash) {
        static Key of(byte[] sql, int[] types) {
            return new Key(sql, types, 31 * Arrays.hashCode(sql) + Arrays.hashCode(types));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.sql, sql) && Arrays.equals(k.types, types);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A statement seen before: how often, and its name and columns once prepared. */
    static final class Entry {
        final Key key;
        int uses;
        String name;
        boolean prepared;
        /** Parse sent, ParseComplete not yet seen (later statements of a pipeline may Bind to it). */
        boolean parsing;
        Result.Field[] fields;
        /** The result formats last asked for, when (typecaster version, zone) were as recorded, and the fields they give. */
        short[] boundFormats;
        Result.Field[] boundFields;
        long boundVersion = -1;
        Object boundZone;

        Entry(Key key) {
            this.key = key;
        }
    }

    private final int threshold;
    private final int max;
    private final LinkedHashMap<Key, Entry> entries;
    private final List<String> toClose = new ArrayList<>();
    private long counter;

    /**
     * @param threshold executions before a statement is prepared (0: at once; negative: never)
     * @param max most prepared statements kept
     */
    public StatementCache(int threshold, int max) {
        this.threshold = threshold;
        this.max = Math.max(1, max);
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, StatementCache.Entry> eldest) {
                if (size() > StatementCache.this.max * 2) {
                    if (eldest.getValue().prepared) {
                        toClose.add(eldest.getValue().name);
                    }
                    return true;
                }
                return false;
            }
        };
    }

    /** @return whether statements are ever prepared */
    public boolean enabled() {
        return threshold >= 0;
    }

    /**
     * Records one more use of a statement and says how to run it.
     *
     * @return the entry; {@code prepared} tells that Bind alone runs it, {@code name != null}
     *         and not prepared that this execution prepares it
     */
    Entry use(byte[] sql, int[] types) {
        Key k = Key.of(sql, types);
        Entry e = entries.get(k);
        if (e == null) {
            e = new Entry(k);
            entries.put(k, e);
        }
        e.uses++;
        if (!e.prepared && e.name == null && threshold >= 0 && e.uses > threshold) {
            e.name = "_gw_" + (++counter);
            evictPrepared();
        }
        return e;
    }

    /** Keeps at most {@code max} named statements: the least recently used lose their names. */
    private void evictPrepared() {
        int named = 0;
        for (Entry e : entries.values()) {
            if (e.name != null) {
                named++;
            }
        }
        if (named <= max) {
            return;
        }
        for (Entry e : entries.values()) { // access order: eldest first
            if (e.name != null && named > max) {
                if (e.prepared) {
                    toClose.add(e.name);
                }
                e.name = null;
                e.prepared = false;
                e.parsing = false;
                e.fields = null;
                e.uses = 0;
                named--;
            }
        }
    }

    /** The statement's Parse succeeded under its name. */
    void prepared(Entry e, Result.Field[] fields) {
        e.prepared = true;
        e.parsing = false;
        if (fields != null) {
            e.fields = fields;
        }
    }

    /** Drops one statement (its plan changed, or its Parse failed); a prepared one is closed later. */
    void invalidate(Entry e) {
        if (e.prepared && e.name != null) {
            toClose.add(e.name);
        }
        entries.remove(e.key);
    }

    /** The server dropped every prepared statement (DISCARD ALL, DEALLOCATE ALL, a new session). */
    public void clear() {
        entries.clear();
        toClose.clear();
    }

    /**
     * Follows the command tags that deallocate statements.
     *
     * @param tag a CommandComplete tag
     */
    public void onCommand(String tag) {
        if (tag != null && (tag.equals("DISCARD ALL") || tag.equals("DEALLOCATE ALL"))) {
            clear();
        }
    }

    /** @param names statements whose Close was never sent: closed with the next request instead */
    void closeLater(List<String> names) {
        toClose.addAll(names);
    }

    /** @return names of statements to Close on the next request, emptied */
    List<String> drainClosed() {
        if (toClose.isEmpty()) {
            return List.of();
        }
        List<String> l = new ArrayList<>(toClose);
        toClose.clear();
        return l;
    }
}
