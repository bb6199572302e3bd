package request

import (
	"html/template"
	"strconv"
	"strings"
)

// reportBody is the annual report in the 2021 national layout (国办公开办函〔2021〕30号): the
// six sections with tables 二, 三 and 四, as the body of the record that publishes it.
var reportBody = template.Must(template.New("report").Funcs(template.FuncMap{
	"paras": func(s string) []string {
		var out []string
		for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	},
	"fees": func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) },
	"mid":  func(i int) bool { return i > 0 && i < 6 },
}).Parse(`<h2>一、总体情况</h2>
{{range paras .Texts.Overview}}<p>{{.}}</p>
{{else}}<p>（无）</p>
{{end}}<h2>二、主动公开政府信息情况</h2>
<table>
<thead><tr><th scope="colgroup" colspan="4">第二十条第（一）项</th></tr>
<tr><th scope="col">信息内容</th><th scope="col">本年制发件数</th><th scope="col">本年废止件数</th><th scope="col">现行有效件数</th></tr></thead>
<tbody><tr><th scope="row">规章</th><td>{{.Table2.RulesMade}}</td><td>{{.Table2.RulesRepealed}}</td><td>{{.Table2.RulesInForce}}</td></tr>
<tr><th scope="row">行政规范性文件</th><td>{{.Table2.NormativeMade}}</td><td>{{.Table2.NormativeRepealed}}</td><td>{{.Table2.NormativeInForce}}</td></tr></tbody>
</table>
<table>
<thead><tr><th scope="colgroup" colspan="2">第二十条第（五）项</th></tr><tr><th scope="col">信息内容</th><th scope="col">本年处理决定数量</th></tr></thead>
<tbody><tr><th scope="row">行政许可</th><td>{{.Table2.Licensing}}</td></tr></tbody>
</table>
<table>
<thead><tr><th scope="colgroup" colspan="2">第二十条第（六）项</th></tr><tr><th scope="col">信息内容</th><th scope="col">本年处理决定数量</th></tr></thead>
<tbody><tr><th scope="row">行政处罚</th><td>{{.Table2.Penalty}}</td></tr>
<tr><th scope="row">行政强制</th><td>{{.Table2.Coercion}}</td></tr></tbody>
</table>
<table>
<thead><tr><th scope="colgroup" colspan="2">第二十条第（八）项</th></tr><tr><th scope="col">信息内容</th><th scope="col">本年收费金额（单位：万元）</th></tr></thead>
<tbody><tr><th scope="row">行政事业性收费</th><td>{{fees .Table2.FeesWan}}</td></tr></tbody>
</table>
<h2>三、收到和处理政府信息公开申请情况</h2>
<table>
<thead><tr><th scope="col" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th><th scope="colgroup" colspan="7">申请人情况</th></tr>
<tr><th scope="col" rowspan="2">自然人</th><th scope="colgroup" colspan="5">法人或其他组织</th><th scope="col" rowspan="2">总计</th></tr>
<tr>{{range $i, $c := .Table3.Columns}}{{if mid $i}}<th scope="col">{{$c}}</th>{{end}}{{end}}</tr></thead>
<tbody>{{range .Table3.Rows}}<tr><th scope="row">{{.Label}}</th>{{range .Cells}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
<h2>四、政府信息公开行政复议、行政诉讼情况</h2>
<table>
<thead><tr><th scope="colgroup" colspan="5">行政复议</th><th scope="colgroup" colspan="10">行政诉讼</th></tr>
<tr><th scope="colgroup" colspan="5">&nbsp;</th><th scope="colgroup" colspan="5">未经复议直接起诉</th><th scope="colgroup" colspan="5">复议后起诉</th></tr>
<tr>{{range .Table4.Rows}}{{range $.Outcomes}}<th scope="col">{{.}}</th>{{end}}<th scope="col">总计</th>{{end}}</tr></thead>
<tbody><tr>{{range .Table4.Rows}}{{range .Cells}}<td>{{.}}</td>{{end}}{{end}}</tr></tbody>
</table>
<h2>五、存在的主要问题及改进情况</h2>
{{range paras .Texts.Problems}}<p>{{.}}</p>
{{else}}<p>（无）</p>
{{end}}<h2>六、其他需要报告的事项</h2>
{{range paras .Texts.Other}}<p>{{.}}</p>
{{else}}<p>（无）</p>
{{end}}`))

// BodyHTML renders the report in the 2021 layout as HTML (tables with their headers), for the
// body of the record that publishes it.
func (rep Report) BodyHTML() (string, error) {
	var outcomes []string
	for _, o := range Outcomes() {
		outcomes = append(outcomes, o.Label())
	}
	var b strings.Builder
	err := reportBody.Execute(&b, struct {
		Report
		Outcomes []string
	}{rep, outcomes})
	return b.String(), err
}
