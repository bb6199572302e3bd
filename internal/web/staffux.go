package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/catalog"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// addStaffUXRoutes adds the routes of the staff's daily work: rebasing a catalog draft, the
// record chooser, importing a .docx into the 正文.
func (s *Server) addStaffUXRoutes() {
	s.handle("POST", "/admin/orgs/{org}/catalogs/{domain}/v/{n}/rebase", OrgScope, org.PermCatalogEdit, s.versionRebase)
}

// staleDraft tells the version page of a draft whose base was overtaken by a newer version:
// the two changes side by side (what the newer version changed, what the draft changed) and
// the offer to rebase.
func (s *Server) staleDraft(r *http.Request, d map[string]any, v catalog.Version) error {
	if v.State != catalog.VersionDraft {
		return nil
	}
	ctx, p, o, domain := r.Context(), principalOf(r), orgOf(r), r.PathValue("domain")
	sb, stale, err := s.app.StaleBase(ctx, p, o, domain, v.ID)
	if err != nil || !stale {
		return err
	}
	theirs, err := s.app.Compare(ctx, p, o, domain, strconv.Itoa(sb.Base), strconv.Itoa(sb.Newer))
	if err != nil {
		return err
	}
	mine, err := s.app.Compare(ctx, p, o, domain, strconv.Itoa(sb.Base), strconv.Itoa(sb.Draft))
	if err != nil {
		return err
	}
	d["Stale"] = map[string]any{"Base": sb.Base, "Newer": sb.Newer, "Draft": sb.Draft, "Theirs": theirs, "Mine": mine}
	return nil
}

func (s *Server) versionRebase(w http.ResponseWriter, r *http.Request) {
	id, ok := s.versionID(w, r)
	if !ok {
		return
	}
	notes, err := s.app.RebaseDraft(r.Context(), principalOf(r), orgOf(r), r.PathValue("domain"), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(notes) > 0 {
		fs := make([]errs.FieldError, len(notes))
		for i, n := range notes {
			fs[i] = errs.FieldError{Field: "entries", Label: "请核对", Message: n}
		}
		s.versionView(w, r, http.StatusOK, errs.Fields("已在新版本基础上重新编制", fs...))
		return
	}
	s.versionBack(w, r, "draft-rebased")
}
