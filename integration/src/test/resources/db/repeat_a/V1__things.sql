CREATE TABLE things (id int PRIMARY KEY, size int);
INSERT INTO things VALUES (1, 5), (2, 50);
