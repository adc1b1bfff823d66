-- MigrateAndMap: the concerts (Hibernate's MigrateAndMap.Concert validates against this table)
CREATE TABLE concert (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title     varchar(200) NOT NULL,
    starts_at timestamp(6) with time zone NOT NULL,
    capacity  integer NOT NULL CHECK (capacity > 0),
    status    varchar(20) NOT NULL CHECK (status IN ('ON_SALE', 'SOLD_OUT')),
    version   bigint NOT NULL
);
COMMENT ON TABLE concert IS 'one row per run of the sample; a run sells its seats';
