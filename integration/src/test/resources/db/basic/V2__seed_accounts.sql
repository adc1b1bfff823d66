-- DML: rows, with a quote and a question mark in the data
INSERT INTO accounts (owner, balance) VALUES ('ann', 100.00), ('bob', 250.50), ('O''Hara?', 0);
UPDATE accounts SET balance = balance + 1 WHERE owner = 'ann';
