-- The newest published records (portal home, feeds): an index in publication order.
CREATE INDEX records_published ON records(state, published_at, id);
