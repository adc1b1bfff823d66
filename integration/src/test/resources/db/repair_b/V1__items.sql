-- the same migration, edited after it was applied (another checksum)
CREATE TABLE items (id int PRIMARY KEY);
