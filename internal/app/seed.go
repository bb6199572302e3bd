package app

import "gongkai/internal/store"

// SeedStore gives internal/demo the store to load the sample dataset with: like a migration,
// it writes sample organisations, people and catalog templates directly, before anybody can
// act. Nothing that serves requests calls it; TestLayering fails if web, export or cli do.
func (a *App) SeedStore() *store.Store { return a.store }
