package dev.greenwire.jdbc;

import java.sql.SQLWarning;
import java.util.AbstractCollection;
import java.util.Collections;
import java.util.Iterator;

/** The green connection's notice collection: each notice becomes an SQLWarning. */
final class NoticeSink extends AbstractCollection<String> {
    private final GwConnection conn;

    NoticeSink(GwConnection conn) {
        this.conn = conn;
    }

    @Override
    public boolean add(String notice) {
        String text = notice == null ? "" : notice.strip();
        SQLWarning w = new SQLWarning(text, "01000");
        GwStatement st = conn.running();
        if (st != null) {
            st.addWarning(w);
        } else {
            conn.addWarning(w);
        }
        return true;
    }

    @Override
    public Iterator<String> iterator() {
        return Collections.emptyIterator();
    }

    @Override
    public int size() {
        return 0;
    }
}
