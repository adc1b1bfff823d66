-- the first free seat at or after the one wanted (round the hall), NULL when none is left;
-- dollar-quoted, with semicolons and a nested quote tag inside the body
CREATE FUNCTION free_seat(p_concert bigint, p_wanted integer) RETURNS integer
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $fn$
DECLARE
    cap integer;
BEGIN
    SELECT capacity INTO cap FROM concert WHERE id = p_concert;
    IF cap IS NULL THEN
        RAISE EXCEPTION $msg$no concert %; can't pick a seat$msg$, p_concert;
    END IF;
    RETURN (SELECT s
              FROM generate_series(0, cap - 1) AS g(i),
                   LATERAL (SELECT (p_wanted - 1 + g.i) % cap + 1 AS s) AS x
             WHERE NOT EXISTS (SELECT 1 FROM ticket t WHERE t.concert_id = p_concert AND t.seat = x.s)
             ORDER BY g.i
             LIMIT 1);
END;
$fn$;
