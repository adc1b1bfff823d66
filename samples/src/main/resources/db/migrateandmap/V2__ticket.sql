-- the tickets: one per seat and concert, which the unique constraint enforces
CREATE TABLE ticket (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    concert_id    bigint NOT NULL REFERENCES concert (id),
    seat          integer NOT NULL CHECK (seat > 0),
    section       varchar(10) NOT NULL CHECK (section IN ('FRONT', 'STALLS')),
    holder        varchar(100) NOT NULL,
    code          uuid NOT NULL CONSTRAINT ticket_code_key UNIQUE,
    bought_at     timestamp(6) with time zone NOT NULL,
    checked_in_at timestamp(6) with time zone,
    version       bigint NOT NULL,
    CONSTRAINT ticket_seat_key UNIQUE (concert_id, seat)
);
