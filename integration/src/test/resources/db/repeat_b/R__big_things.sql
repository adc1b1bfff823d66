CREATE OR REPLACE VIEW big_things AS SELECT id FROM things WHERE size > 1;
