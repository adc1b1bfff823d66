-- a function in dollar quotes, with semicolons and a nested quote tag inside
CREATE FUNCTION transfer(p_from bigint, p_to bigint, p_amount numeric) RETURNS numeric
LANGUAGE plpgsql SET search_path FROM CURRENT AS $body$
DECLARE
    note text := $q$it's; fine$q$;
BEGIN
    UPDATE accounts SET balance = balance - p_amount WHERE id = p_from;
    UPDATE accounts SET balance = balance + p_amount WHERE id = p_to;
    RETURN (SELECT balance FROM accounts WHERE id = p_from);
END;
$body$;
