package app_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// goList runs go list on the packages of the module matching patterns (test files left
// out) and returns one line per package in the given format.
func goList(t *testing.T, format string, patterns ...string) []string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not available")
	}
	out, err := exec.Command("go", append([]string{"list", "-f", format}, patterns...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

// doors are the packages that serve people: they reach data only through app.
var doors = []string{"gongkai/internal/web/...", "gongkai/internal/export/...", "gongkai/internal/cli/..."}

// TestLayering: web, export and cli import neither the store nor anything below it, and do
// not use the store accessor meant for loading the sample dataset. Their dependencies
// reach the store only through app.
func TestLayering(t *testing.T) {
	lines := goList(t, "{{.ImportPath}}\t{{.Dir}}\t{{join .GoFiles \" \"}}\t{{join .Imports \" \"}}", doors...)
	if len(lines) < 3 {
		t.Fatalf("go list found only %d packages: %q", len(lines), lines)
	}
	for _, line := range lines {
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("go list line %q", line)
		}
		pkg, dir, files, imports := f[0], f[1], strings.Fields(f[2]), strings.Fields(f[3])
		for _, imp := range imports {
			if imp == "gongkai/internal/store" || strings.HasPrefix(imp, "gongkai/internal/store/") {
				t.Errorf("%s imports %s: read and change data through internal/app", pkg, imp)
			}
		}
		fset := token.NewFileSet()
		for _, name := range files {
			file, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "SeedStore" {
					t.Errorf("%s: %s uses SeedStore, which is for internal/demo only", pkg, fset.Position(sel.Pos()))
				}
				return true
			})
		}
	}
	// The check itself: app does depend on the store, so a package importing app must show it
	// among its dependencies (go list -deps), just not among its own imports.
	deps := goList(t, "{{.ImportPath}}", "-deps", "gongkai/internal/web")
	if !slices.Contains(deps, "gongkai/internal/store") {
		t.Fatal("internal/web no longer depends on the store even through app: is this test still looking at the right module?")
	}
}

// TestStoreShowsNothing: the store names no display text — no Label functions or methods
// and no exported maps — and exports only its own parameter types, never a domain entity
// that a page renders (those live in their domain packages).
func TestStoreShowsNothing(t *testing.T) {
	f := strings.Split(goList(t, "{{.Dir}}\t{{join .GoFiles \" \"}}", "gongkai/internal/store")[0], "\t")
	allowed := []string{"Store", "Change", "CalendarYear", "Deadline", "Publication", "RecordChange", "RecordQuery", "Session", "Slot",
		"RequestQuery", "RequestChange", "ObligationQuery", "SeedFiling"}
	fset := token.NewFileSet()
	for _, name := range strings.Fields(f[1]) {
		file, err := parser.ParseFile(fset, filepath.Join(f[0], name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if strings.HasSuffix(d.Name.Name, "Label") {
					t.Errorf("%s: store declares %s: display text belongs to the domain packages", fset.Position(d.Pos()), d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() && !slices.Contains(allowed, s.Name.Name) {
							t.Errorf("%s: store exports type %s: domain types live in their domain packages", fset.Position(s.Pos()), s.Name.Name)
						}
					case *ast.ValueSpec:
						for i, n := range s.Names {
							if !n.IsExported() || i >= len(s.Values) {
								continue
							}
							if _, ok := s.Values[i].(*ast.CompositeLit); ok {
								t.Errorf("%s: store exports %s: display text belongs to the domain packages", fset.Position(n.Pos()), n.Name)
							}
						}
					}
				}
			}
		}
	}
}
