-- repeatable: re-applied whenever its text changes
CREATE OR REPLACE VIEW concert_sales AS
SELECT c.id,
       c.title,
       c.capacity,
       count(t.id)                        AS sold,
       c.capacity - count(t.id)           AS free,
       count(t.checked_in_at)             AS checked_in
  FROM concert c
  LEFT JOIN ticket t ON t.concert_id = c.id
 GROUP BY c.id, c.title, c.capacity;
