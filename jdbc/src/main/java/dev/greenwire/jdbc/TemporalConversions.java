package dev.greenwire.jdbc;

import dev.greenwire.cast.Oid;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.function.Supplier;

/** The date and time decoding behind the result set's getDate/getTime/getTimestamp and getObject(Class). */
final class TemporalConversions {
    private TemporalConversions() {
    }

    /**
     * @return the value of a column of type {@code oid} as a java.sql.Date, from its text {@code s} (not
     *         null) or its value decoded from binary
     */
    static Date date(GwConnection conn, int oid, Object s, Calendar cal) throws SQLException {
        LocalDate d = switch (oid) {
            case Oid.TIMESTAMP -> {
                LocalDateTime t = Decoding.localDateTime(conn, s);
                yield t.equals(LocalDateTime.MAX) ? LocalDate.MAX : t.equals(LocalDateTime.MIN) ? LocalDate.MIN
                        : t.toLocalDate();
            }
            case Oid.TIMESTAMPTZ -> {
                OffsetDateTime t = Decoding.offsetDateTime(conn, s);
                yield t.equals(OffsetDateTime.MAX) ? LocalDate.MAX : t.equals(OffsetDateTime.MIN) ? LocalDate.MIN
                        : t.atZoneSameInstant(zone(cal)).toLocalDate();
            }
            default -> Decoding.localDate(conn, s);
        };
        return Decoding.sqlDate(d, cal);
    }

    private static ZoneId zone(Calendar cal) {
        return cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
    }

    /**
     * @return the value of a column of type {@code oid} as a java.sql.Time, from its text {@code s} (not
     *         null) or its value decoded from binary
     */
    static Time time(GwConnection conn, int oid, Object s, Calendar cal) throws SQLException {
        return switch (oid) {
            case Oid.TIMETZ -> Decoding.sqlTime(Decoding.offsetTime(conn, s), cal);
            case Oid.TIMESTAMP -> Decoding.sqlTime(Decoding.localDateTime(conn, s).toLocalTime(), cal);
            case Oid.TIMESTAMPTZ -> Decoding.sqlTime(Decoding.offsetDateTime(conn, s).atZoneSameInstant(zone(cal))
                    .toLocalTime(), cal);
            default -> Decoding.sqlTime(Decoding.localTime(conn, s), cal);
        };
    }

    /**
     * @return the value of a column of type {@code oid} as a java.sql.Timestamp, from its text {@code s} (not
     *         null) or its value decoded from binary
     */
    static Timestamp timestamp(GwConnection conn, int oid, Object s, Calendar cal) throws SQLException {
        return switch (oid) {
            case Oid.TIMESTAMPTZ -> Decoding.sqlTimestamp(Decoding.offsetDateTime(conn, s));
            case Oid.DATE -> {
                LocalDate d = Decoding.localDate(conn, s);
                yield d.equals(LocalDate.MAX) ? new Timestamp(Decoding.POSITIVE_INFINITY)
                        : d.equals(LocalDate.MIN) ? new Timestamp(Decoding.NEGATIVE_INFINITY)
                        : Decoding.sqlTimestamp(d.atStartOfDay(), cal);
            }
            case Oid.TIME -> Decoding.sqlTimestamp(LocalDate.of(1970, 1, 1).atTime(Decoding.localTime(conn, s)), cal);
            default -> Decoding.sqlTimestamp(Decoding.localDateTime(conn, s), cal);
        };
    }

    /** @return whether {@link #object} converts to {@code type} */
    static boolean handles(Class<?> type) {
        return type == LocalDate.class || type == LocalTime.class || type == LocalDateTime.class
                || type == OffsetDateTime.class || type == ZonedDateTime.class || type == Instant.class
                || type == OffsetTime.class;
    }

    /**
     * @param oid the column's base type
     * @return the text {@code s} (not null), or the value decoded from binary, as a {@code type}
     *         for which {@link #handles} holds
     */
    static Object object(GwConnection conn, int oid, Object s, Class<?> type, Supplier<SQLException> unsupported)
            throws SQLException {
        Object v;
        if (type == LocalDate.class) {
            v = switch (oid) {
                case Oid.DATE -> Decoding.localDate(conn, s);
                case Oid.TIMESTAMP -> Decoding.localDateTime(conn, s).toLocalDate();
                case Oid.TIMESTAMPTZ -> Decoding.offsetDateTime(conn, s).atZoneSameInstant(ZoneId.systemDefault())
                        .toLocalDate();
                default -> throw unsupported.get();
            };
        } else if (type == LocalTime.class) {
            v = switch (oid) {
                case Oid.TIME -> Decoding.localTime(conn, s);
                case Oid.TIMETZ -> Decoding.offsetTime(conn, s).toLocalTime();
                case Oid.TIMESTAMP -> Decoding.localDateTime(conn, s).toLocalTime();
                default -> throw unsupported.get();
            };
        } else if (type == LocalDateTime.class) {
            v = switch (oid) {
                case Oid.TIMESTAMP -> Decoding.localDateTime(conn, s);
                case Oid.DATE -> {
                    LocalDate d = Decoding.localDate(conn, s);
                    yield d.equals(LocalDate.MAX) ? LocalDateTime.MAX : d.equals(LocalDate.MIN) ? LocalDateTime.MIN
                            : d.atStartOfDay();
                }
                case Oid.TIMESTAMPTZ -> {
                    OffsetDateTime t = Decoding.offsetDateTime(conn, s);
                    yield t.equals(OffsetDateTime.MAX) ? LocalDateTime.MAX : t.equals(OffsetDateTime.MIN)
                            ? LocalDateTime.MIN : t.atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
                }
                default -> throw unsupported.get();
            };
        } else if (type == OffsetDateTime.class) {
            v = switch (oid) {
                case Oid.TIMESTAMPTZ -> {
                    OffsetDateTime t = Decoding.offsetDateTime(conn, s);
                    yield t.equals(OffsetDateTime.MAX) || t.equals(OffsetDateTime.MIN) ? t
                            : t.withOffsetSameInstant(ZoneOffset.UTC);
                }
                case Oid.TIMESTAMP -> {
                    LocalDateTime t = Decoding.localDateTime(conn, s);
                    yield t.equals(LocalDateTime.MAX) ? OffsetDateTime.MAX : t.equals(LocalDateTime.MIN)
                            ? OffsetDateTime.MIN : t.atOffset(ZoneOffset.UTC);
                }
                default -> throw unsupported.get();
            };
        } else if (type == ZonedDateTime.class) {
            if (oid != Oid.TIMESTAMPTZ) {
                throw unsupported.get();
            }
            v = Decoding.offsetDateTime(conn, s).atZoneSameInstant(ZoneId.systemDefault());
        } else if (type == Instant.class) {
            v = switch (oid) {
                case Oid.TIMESTAMPTZ -> Decoding.offsetDateTime(conn, s).toInstant();
                case Oid.TIMESTAMP -> Decoding.localDateTime(conn, s).toInstant(ZoneOffset.UTC);
                default -> throw unsupported.get();
            };
        } else if (type == OffsetTime.class) {
            v = switch (oid) {
                case Oid.TIMETZ -> Decoding.offsetTime(conn, s);
                case Oid.TIME -> Decoding.localTime(conn, s).atOffset(ZoneOffset.UTC);
                default -> throw unsupported.get();
            };
        } else {
            throw unsupported.get();
        }
        return v;
    }
}
