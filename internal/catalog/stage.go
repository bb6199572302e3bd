package catalog

import "strings"

// Stage is one of the five disclosures (五公开) an item belongs to.
type Stage string

// The five stages, in the order the national documents list them.
const (
	StageDecision   Stage = "decision"   // 决策公开
	StageExecution  Stage = "execution"  // 执行公开
	StageManagement Stage = "management" // 管理公开
	StageService    Stage = "service"    // 服务公开
	StageResult     Stage = "result"     // 结果公开
)

// AllStages returns the five stages in canonical order.
func AllStages() []Stage {
	return []Stage{StageDecision, StageExecution, StageManagement, StageService, StageResult}
}

// Valid reports whether s is one of the five stages.
func (s Stage) Valid() bool { return s.index() >= 0 }

func (s Stage) index() int {
	for i, v := range AllStages() {
		if v == s {
			return i
		}
	}
	return -1
}

// Label is the short Chinese name (决策, 执行 …) used in checklists and the interface.
func (s Stage) Label() string {
	switch s {
	case StageDecision:
		return "决策"
	case StageExecution:
		return "执行"
	case StageManagement:
		return "管理"
	case StageService:
		return "服务"
	case StageResult:
		return "结果"
	}
	return string(s)
}

// StageFromName resolves "决策", "决策公开", "一、决策公开" and the like. Several stages named in
// one text ("决策、执行公开") are all returned, in canonical order; none found gives nil.
func StageFromName(text string) []Stage {
	var out []Stage
	for _, s := range AllStages() {
		if strings.Contains(text, s.Label()) {
			out = append(out, s)
		}
	}
	return out
}

// sortStages de-duplicates stages into canonical order, keeping unknown values at the end so
// that Validate can report them.
func sortStages(in []Stage) []Stage {
	if len(in) == 0 {
		return nil
	}
	var known [5]bool
	var unknown []Stage
	for _, s := range in {
		if i := s.index(); i >= 0 {
			known[i] = true
		} else {
			unknown = append(unknown, s)
		}
	}
	out := make([]Stage, 0, len(in))
	for i, s := range AllStages() {
		if known[i] {
			out = append(out, s)
		}
	}
	return append(out, unknown...)
}
