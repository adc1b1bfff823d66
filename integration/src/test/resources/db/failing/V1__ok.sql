CREATE TABLE ledger (id int PRIMARY KEY, amount numeric NOT NULL);
INSERT INTO ledger VALUES (1, 10);
