-- Trigram matching for the search of error words (a GIN index over error texts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;