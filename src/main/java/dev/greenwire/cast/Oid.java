package dev.greenwire.cast;

/**
 * The OIDs of PostgreSQL's built-in types (as in {@code pg_type.dat}), for {@code Column.typeCode()}
 * and typecasters. Array types are named with a leading underscore, as in {@code pg_type}.
 */
public final class Oid {
    private Oid() {
    }
    /** {@code bool}: boolean. */
    public static final int BOOL = 16;
    /** {@code bytea}: bytea. */
    public static final int BYTEA = 17;
    /** {@code char}: "char". */
    public static final int CHAR = 18;
    /** {@code name}: name. */
    public static final int NAME = 19;
    /** {@code int8}: bigint. */
    public static final int INT8 = 20;
    /** {@code int2}: smallint. */
    public static final int INT2 = 21;
    /** {@code int4}: integer. */
    public static final int INT4 = 23;
    /** {@code regproc}: regproc. */
    public static final int REGPROC = 24;
    /** {@code text}: text. */
    public static final int TEXT = 25;
    /** {@code oid}: oid. */
    public static final int OID = 26;
    /** {@code json}: json. */
    public static final int JSON = 114;
    /** {@code xml}: xml. */
    public static final int XML = 142;
    /** {@code point}: point. */
    public static final int POINT = 600;
    /** {@code box}: box. */
    public static final int BOX = 603;
    /** {@code cidr}: cidr. */
    public static final int CIDR = 650;
    /** {@code float4}: real. */
    public static final int FLOAT4 = 700;
    /** {@code float8}: double precision. */
    public static final int FLOAT8 = 701;
    /** {@code unknown}: unknown. */
    public static final int UNKNOWN = 705;
    /** {@code money}: money. */
    public static final int MONEY = 790;
    /** {@code macaddr}: macaddr. */
    public static final int MACADDR = 829;
    /** {@code inet}: inet. */
    public static final int INET = 869;
    /** {@code bpchar}: char(n). */
    public static final int BPCHAR = 1042;
    /** {@code varchar}: varchar. */
    public static final int VARCHAR = 1043;
    /** {@code date}: date. */
    public static final int DATE = 1082;
    /** {@code time}: time. */
    public static final int TIME = 1083;
    /** {@code timestamp}: timestamp. */
    public static final int TIMESTAMP = 1114;
    /** {@code timestamptz}: timestamptz. */
    public static final int TIMESTAMPTZ = 1184;
    /** {@code interval}: interval. */
    public static final int INTERVAL = 1186;
    /** {@code timetz}: timetz. */
    public static final int TIMETZ = 1266;
    /** {@code bit}: bit. */
    public static final int BIT = 1560;
    /** {@code varbit}: bit varying. */
    public static final int VARBIT = 1562;
    /** {@code numeric}: numeric. */
    public static final int NUMERIC = 1700;
    /** {@code regclass}: regclass. */
    public static final int REGCLASS = 2205;
    /** {@code regtype}: regtype. */
    public static final int REGTYPE = 2206;
    /** {@code record}: record. */
    public static final int RECORD = 2249;
    /** {@code void}: void. */
    public static final int VOID = 2278;
    /** {@code uuid}: uuid. */
    public static final int UUID = 2950;
    /** {@code jsonb}: jsonb. */
    public static final int JSONB = 3802;
    /** {@code _bool}: array of {@code bool}. */
    public static final int _BOOL = 1000;
    /** {@code _bytea}: array of {@code bytea}. */
    public static final int _BYTEA = 1001;
    /** {@code _char}: array of {@code char}. */
    public static final int _CHAR = 1002;
    /** {@code _name}: array of {@code name}. */
    public static final int _NAME = 1003;
    /** {@code _int2}: array of {@code int2}. */
    public static final int _INT2 = 1005;
    /** {@code _int4}: array of {@code int4}. */
    public static final int _INT4 = 1007;
    /** {@code _regproc}: array of {@code regproc}. */
    public static final int _REGPROC = 1008;
    /** {@code _text}: array of {@code text}. */
    public static final int _TEXT = 1009;
    /** {@code _bpchar}: array of {@code bpchar}. */
    public static final int _BPCHAR = 1014;
    /** {@code _varchar}: array of {@code varchar}. */
    public static final int _VARCHAR = 1015;
    /** {@code _int8}: array of {@code int8}. */
    public static final int _INT8 = 1016;
    /** {@code _point}: array of {@code point}. */
    public static final int _POINT = 1017;
    /** {@code _box}: array of {@code box}. */
    public static final int _BOX = 1020;
    /** {@code _float4}: array of {@code float4}. */
    public static final int _FLOAT4 = 1021;
    /** {@code _float8}: array of {@code float8}. */
    public static final int _FLOAT8 = 1022;
    /** {@code _oid}: array of {@code oid}. */
    public static final int _OID = 1028;
    /** {@code _macaddr}: array of {@code macaddr}. */
    public static final int _MACADDR = 1040;
    /** {@code _inet}: array of {@code inet}. */
    public static final int _INET = 1041;
    /** {@code _timestamp}: array of {@code timestamp}. */
    public static final int _TIMESTAMP = 1115;
    /** {@code _date}: array of {@code date}. */
    public static final int _DATE = 1182;
    /** {@code _time}: array of {@code time}. */
    public static final int _TIME = 1183;
    /** {@code _timestamptz}: array of {@code timestamptz}. */
    public static final int _TIMESTAMPTZ = 1185;
    /** {@code _interval}: array of {@code interval}. */
    public static final int _INTERVAL = 1187;
    /** {@code _numeric}: array of {@code numeric}. */
    public static final int _NUMERIC = 1231;
    /** {@code _timetz}: array of {@code timetz}. */
    public static final int _TIMETZ = 1270;
    /** {@code _bit}: array of {@code bit}. */
    public static final int _BIT = 1561;
    /** {@code _varbit}: array of {@code varbit}. */
    public static final int _VARBIT = 1563;
    /** {@code _xml}: array of {@code xml}. */
    public static final int _XML = 143;
    /** {@code _json}: array of {@code json}. */
    public static final int _JSON = 199;
    /** {@code _cidr}: array of {@code cidr}. */
    public static final int _CIDR = 651;
    /** {@code _money}: array of {@code money}. */
    public static final int _MONEY = 791;
    /** {@code _regclass}: array of {@code regclass}. */
    public static final int _REGCLASS = 2210;
    /** {@code _regtype}: array of {@code regtype}. */
    public static final int _REGTYPE = 2211;
    /** {@code _uuid}: array of {@code uuid}. */
    public static final int _UUID = 2951;
    /** {@code _jsonb}: array of {@code jsonb}. */
    public static final int _JSONB = 3807;
    /** {@code int4range}: int4range. */
    public static final int INT4RANGE = 3904;
    /** {@code _int4range}: array of {@code int4range}. */
    public static final int _INT4RANGE = 3905;
    /** {@code numrange}: numrange. */
    public static final int NUMRANGE = 3906;
    /** {@code _numrange}: array of {@code numrange}. */
    public static final int _NUMRANGE = 3907;
    /** {@code tsrange}: tsrange. */
    public static final int TSRANGE = 3908;
    /** {@code _tsrange}: array of {@code tsrange}. */
    public static final int _TSRANGE = 3909;
    /** {@code tstzrange}: tstzrange. */
    public static final int TSTZRANGE = 3910;
    /** {@code _tstzrange}: array of {@code tstzrange}. */
    public static final int _TSTZRANGE = 3911;
    /** {@code daterange}: daterange. */
    public static final int DATERANGE = 3912;
    /** {@code _daterange}: array of {@code daterange}. */
    public static final int _DATERANGE = 3913;
    /** {@code int8range}: int8range. */
    public static final int INT8RANGE = 3926;
    /** {@code _int8range}: array of {@code int8range}. */
    public static final int _INT8RANGE = 3927;
    /** {@code int4multirange}: int4multirange (PostgreSQL 14+). */
    public static final int INT4MULTIRANGE = 4451;
    /** {@code _int4multirange}: array of {@code int4multirange}. */
    public static final int _INT4MULTIRANGE = 6150;
    /** {@code nummultirange}: nummultirange (PostgreSQL 14+). */
    public static final int NUMMULTIRANGE = 4532;
    /** {@code _nummultirange}: array of {@code nummultirange}. */
    public static final int _NUMMULTIRANGE = 6151;
    /** {@code tsmultirange}: tsmultirange (PostgreSQL 14+). */
    public static final int TSMULTIRANGE = 4533;
    /** {@code _tsmultirange}: array of {@code tsmultirange}. */
    public static final int _TSMULTIRANGE = 6152;
    /** {@code tstzmultirange}: tstzmultirange (PostgreSQL 14+). */
    public static final int TSTZMULTIRANGE = 4534;
    /** {@code _tstzmultirange}: array of {@code tstzmultirange}. */
    public static final int _TSTZMULTIRANGE = 6153;
    /** {@code datemultirange}: datemultirange (PostgreSQL 14+). */
    public static final int DATEMULTIRANGE = 4535;
    /** {@code _datemultirange}: array of {@code datemultirange}. */
    public static final int _DATEMULTIRANGE = 6155;
    /** {@code int8multirange}: int8multirange (PostgreSQL 14+). */
    public static final int INT8MULTIRANGE = 4536;
    /** {@code _int8multirange}: array of {@code int8multirange}. */
    public static final int _INT8MULTIRANGE = 6157;

    /**
     * The {@code pg_type.typname} of a built-in type.
     *
     * @param oid a type OID
     * @return the name, e.g. {@code "int4"}, {@code "_int4"}; null when the OID is not one of this class's constants
     */
    public static String name(int oid) {
        return switch (oid) {
            case BOOL -> "bool";
            case BYTEA -> "bytea";
            case CHAR -> "char";
            case NAME -> "name";
            case INT8 -> "int8";
            case INT2 -> "int2";
            case INT4 -> "int4";
            case REGPROC -> "regproc";
            case TEXT -> "text";
            case OID -> "oid";
            case JSON -> "json";
            case XML -> "xml";
            case POINT -> "point";
            case BOX -> "box";
            case CIDR -> "cidr";
            case FLOAT4 -> "float4";
            case FLOAT8 -> "float8";
            case UNKNOWN -> "unknown";
            case MONEY -> "money";
            case MACADDR -> "macaddr";
            case INET -> "inet";
            case BPCHAR -> "bpchar";
            case VARCHAR -> "varchar";
            case DATE -> "date";
            case TIME -> "time";
            case TIMESTAMP -> "timestamp";
            case TIMESTAMPTZ -> "timestamptz";
            case INTERVAL -> "interval";
            case TIMETZ -> "timetz";
            case BIT -> "bit";
            case VARBIT -> "varbit";
            case NUMERIC -> "numeric";
            case REGCLASS -> "regclass";
            case REGTYPE -> "regtype";
            case RECORD -> "record";
            case VOID -> "void";
            case UUID -> "uuid";
            case JSONB -> "jsonb";
            case _BOOL -> "_bool";
            case _BYTEA -> "_bytea";
            case _CHAR -> "_char";
            case _NAME -> "_name";
            case _INT2 -> "_int2";
            case _INT4 -> "_int4";
            case _REGPROC -> "_regproc";
            case _TEXT -> "_text";
            case _BPCHAR -> "_bpchar";
            case _VARCHAR -> "_varchar";
            case _INT8 -> "_int8";
            case _POINT -> "_point";
            case _BOX -> "_box";
            case _FLOAT4 -> "_float4";
            case _FLOAT8 -> "_float8";
            case _OID -> "_oid";
            case _MACADDR -> "_macaddr";
            case _INET -> "_inet";
            case _TIMESTAMP -> "_timestamp";
            case _DATE -> "_date";
            case _TIME -> "_time";
            case _TIMESTAMPTZ -> "_timestamptz";
            case _INTERVAL -> "_interval";
            case _NUMERIC -> "_numeric";
            case _TIMETZ -> "_timetz";
            case _BIT -> "_bit";
            case _VARBIT -> "_varbit";
            case _XML -> "_xml";
            case _JSON -> "_json";
            case _CIDR -> "_cidr";
            case _MONEY -> "_money";
            case _REGCLASS -> "_regclass";
            case _REGTYPE -> "_regtype";
            case _UUID -> "_uuid";
            case _JSONB -> "_jsonb";
            case INT4RANGE -> "int4range";
            case _INT4RANGE -> "_int4range";
            case NUMRANGE -> "numrange";
            case _NUMRANGE -> "_numrange";
            case TSRANGE -> "tsrange";
            case _TSRANGE -> "_tsrange";
            case TSTZRANGE -> "tstzrange";
            case _TSTZRANGE -> "_tstzrange";
            case DATERANGE -> "daterange";
            case _DATERANGE -> "_daterange";
            case INT8RANGE -> "int8range";
            case _INT8RANGE -> "_int8range";
            case INT4MULTIRANGE -> "int4multirange";
            case _INT4MULTIRANGE -> "_int4multirange";
            case NUMMULTIRANGE -> "nummultirange";
            case _NUMMULTIRANGE -> "_nummultirange";
            case TSMULTIRANGE -> "tsmultirange";
            case _TSMULTIRANGE -> "_tsmultirange";
            case TSTZMULTIRANGE -> "tstzmultirange";
            case _TSTZMULTIRANGE -> "_tstzmultirange";
            case DATEMULTIRANGE -> "datemultirange";
            case _DATEMULTIRANGE -> "_datemultirange";
            case INT8MULTIRANGE -> "int8multirange";
            case _INT8MULTIRANGE -> "_int8multirange";
            default -> null;
        };
    }
}
