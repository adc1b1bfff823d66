-- everything here must be rolled back: PostgreSQL runs DDL in the transaction
CREATE TABLE ledger_audit (id int);
INSERT INTO ledger VALUES (2, 20);
INSERT INTO ledger VALUES (1, 30);
