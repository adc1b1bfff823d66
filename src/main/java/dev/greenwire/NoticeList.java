package dev.greenwire;

import java.util.AbstractCollection;
import java.util.ArrayDeque;
import java.util.Iterator;

/** The default notice collection: keeps the last {@code cap} notices, dropping the oldest. */
final class NoticeList extends AbstractCollection<String> {
    private final ArrayDeque<String> items = new ArrayDeque<>();
    private final int cap;

    NoticeList(int cap) {
        this.cap = cap;
    }

    @Override
    public boolean add(String s) {
        if (items.size() >= cap) {
            items.removeFirst();
        }
        return items.add(s);
    }

    @Override
    public Iterator<String> iterator() {
        return items.iterator();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public void clear() {
        items.clear();
    }

    @Override
    public String toString() {
        return items.toString();
    }
}
