CREATE TABLE race_log (n int PRIMARY KEY);
SELECT pg_sleep(0.5);
INSERT INTO race_log VALUES (1);
