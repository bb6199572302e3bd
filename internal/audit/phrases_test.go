package audit_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/campaign"
	"gongkai/internal/catalog"
	"gongkai/internal/participation"
	"gongkai/internal/record"
)

// notActions are dotted literals of the audit namespaces that are not audit actions:
// settings keys, notification kinds, form field names, file names.
var notActions = map[string]bool{
	// settings keys
	"record.index_pattern": true, "search.doc_version": true, "search.force_refreshed_at": true,
	// notification kinds (notify.Kind)
	"request.new": true, "request.review": true, "request.approve": true, "request.due_soon": true, "request.overdue": true,
	"campaign.due_soon": true, "campaign.late": true, "campaign.returned": true,
}

// fileName: literals that name a file (templates, downloads), not an action.
var fileName = regexp.MustCompile(`\.(html|xlsx|docx|json|csv|xml|atom|txt|sql|pdf)$`)

var dotted = regexp.MustCompile(`^[a-z_]+(\.[a-z_]+)+\.?$`)

// sourceLiterals returns every dotted string literal of the non-test Go files of the
// module's internal and cmd trees, and the string values of the map literal that names
// the question events (app.ActOnQuestion) and of UpdateQuestion's event argument.
func sourceLiterals(t *testing.T) (lits map[string]string, questionEvents []string) {
	t.Helper()
	lits = map[string]string{}
	fset := token.NewFileSet()
	for _, root := range []string{"..", "../../cmd"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.BasicLit:
					if x.Kind == token.STRING {
						if s, err := strconv.Unquote(x.Value); err == nil && dotted.MatchString(s) {
							lits[s] = fset.Position(x.Pos()).String()
						}
					}
				case *ast.CallExpr:
					// store.UpdateQuestion(ctx, by, q, from, event, …): the event becomes "question."+event.
					if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "UpdateQuestion" && len(x.Args) > 4 {
						if lit, ok := x.Args[4].(*ast.BasicLit); ok {
							s, _ := strconv.Unquote(lit.Value)
							questionEvents = append(questionEvents, s)
						}
					}
				case *ast.CompositeLit:
					// map[participation.QuestionAction]string{…}: the events of ActOnQuestion.
					if m, ok := x.Type.(*ast.MapType); ok {
						if sel, ok := m.Key.(*ast.SelectorExpr); ok && sel.Sel.Name == "QuestionAction" {
							for _, el := range x.Elts {
								if kv, ok := el.(*ast.KeyValueExpr); ok {
									if lit, ok := kv.Value.(*ast.BasicLit); ok {
										s, _ := strconv.Unquote(lit.Value)
										questionEvents = append(questionEvents, s)
									}
								}
							}
						}
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return lits, questionEvents
}

// TestEveryActionHasPhrase fails when an action the code can write to the audit log has no
// Chinese phrase. Literal actions are found by scanning the source for dotted strings in the
// audit namespaces (every dotted literal there is an action unless listed in notActions);
// actions built from a prefix ("record." + the procedure's action, "comment." + a state, …)
// are enumerated from the domain packages' constants.
func TestEveryActionHasPhrase(t *testing.T) {
	lits, events := sourceLiterals(t)
	namespaces := map[string]bool{}
	for _, a := range audit.KnownActions() {
		ns, _, _ := strings.Cut(a, ".")
		namespaces[ns] = true
	}
	dynamic := map[string][]string{
		"catalog.filing.": {catalog.FilingReceived, catalog.FilingReturned, catalog.FilingAccepted},
		"comment.":        {string(participation.CommentPending), string(participation.CommentPublished), string(participation.CommentRejected)},
		"submission.":     {string(campaign.Accept), string(campaign.Return)},
		"question.":       events,
	}
	for _, k := range record.Actions() {
		dynamic["record."] = append(dynamic["record."], string(k))
	}
	if len(events) < 5 {
		t.Fatalf("found only %d question events in the source: %v", len(events), events)
	}
	checked := 0
	for s, where := range lits {
		ns, _, _ := strings.Cut(s, ".")
		if !namespaces[ns] || notActions[s] || fileName.MatchString(s) {
			continue
		}
		if strings.HasSuffix(s, ".") {
			if _, ok := dynamic[s]; !ok && !knownPrefix(s) {
				t.Errorf("%s: %q looks like an action prefix this test does not enumerate", where, s)
			}
			continue
		}
		checked++
		if _, ok := audit.Phrase(s); !ok {
			t.Errorf("%s: action %q has no phrase in audit.phrases (or, if it is not an action, list it in notActions)", where, s)
		}
	}
	for prefix, vals := range dynamic {
		for _, v := range vals {
			checked++
			if _, ok := audit.Phrase(prefix + v); !ok {
				t.Errorf("action %q has no phrase", prefix+v)
			}
		}
	}
	if checked < 80 {
		t.Errorf("checked only %d actions; the scan is broken", checked)
	}
}

// knownPrefix: prefixes used only to filter the audit log by a family of actions.
func knownPrefix(s string) bool { return s == "search.synonyms." }

func TestPhraseUnknown(t *testing.T) {
	if p, ok := audit.Phrase("record.review_pass"); !ok || p != "通过保密审查" {
		t.Errorf("review_pass: %q %v", p, ok)
	}
	if p, ok := audit.Phrase("nope.nope"); ok || !strings.Contains(p, "nope.nope") {
		t.Errorf("unknown: %q %v", p, ok)
	}
}
