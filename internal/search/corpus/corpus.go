// Package corpus generates realistic synthetic disclosure records for search tests and the
// benchmark: titles and bodies built from the phrasing of county-level disclosure notices,
// across 30 Shaanxi units and the 25 pilot domains, with controlled word frequencies (公示
// in about 80% of records, 低保 in about 15%, 冰雹 in about 0.01%) so that measurements
// name what they measure. Every record is a pure function of (seed, n, id), so a corpus of
// a million records needs no storage and the same ID always yields the same record.
//
// Records are published in ID order, give or take three days, from 2017 to mid 2026, as in
// a real archive where a record's ID is taken when its draft is made.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"gongkai/internal/refdata"
	"gongkai/internal/search"
)

// Unit is a pilot unit of the corpus.
type Unit struct{ Code, Name string }

// Units are 30 county-level divisions of Shaanxi with their division codes.
func Units() []Unit {
	return []Unit{
		{"610102", "新城区"}, {"610103", "碑林区"}, {"610104", "莲湖区"}, {"610111", "灞桥区"}, {"610112", "未央区"},
		{"610113", "雁塔区"}, {"610114", "阎良区"}, {"610115", "临潼区"}, {"610116", "长安区"}, {"610117", "高陵区"},
		{"610118", "鄠邑区"}, {"610122", "蓝田县"}, {"610124", "周至县"}, {"610202", "王益区"}, {"610203", "印台区"},
		{"610204", "耀州区"}, {"610222", "宜君县"}, {"610302", "渭滨区"}, {"610303", "金台区"}, {"610304", "陈仓区"},
		{"610305", "凤翔区"}, {"610323", "岐山县"}, {"610324", "扶风县"}, {"610326", "眉县"}, {"610402", "秦都区"},
		{"610403", "杨陵区"}, {"610404", "渭城区"}, {"610422", "三原县"}, {"610423", "泾阳县"}, {"610424", "乾县"},
	}
}

// Corpus generates records.
type Corpus struct {
	seed    uint64
	units   []Unit
	domains []refdata.Domain
	subject []refdata.SubjectCategory
	from    time.Time
	span    int64 // seconds
	n       int64
	p       pools
}

// New returns the corpus of n records (IDs 1 to n) of the given seed.
func New(seed uint64, n int) *Corpus {
	from := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	return &Corpus{seed: seed, units: Units(), domains: refdata.Domains(), subject: refdata.SubjectCategories(),
		from: from, span: int64(to.Sub(from) / time.Second), n: int64(max(n, 1)), p: newPools()}
}

type gen struct {
	r *rand.Rand
}

func (g gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }
func (g gen) chance(p float64) bool   { return g.r.Float64() < p }
func (g gen) n(lo, hi int) int        { return lo + g.r.IntN(hi-lo+1) }

// Doc returns record id (IDs start at 1).
func (c *Corpus) Doc(id int64) search.Doc {
	g := gen{rand.New(rand.NewPCG(c.seed, uint64(id)))}
	u := c.units[g.r.IntN(len(c.units))]
	dom := c.domains[g.r.IntN(len(c.domains))]
	const jitter = 3 * 24 * 3600
	at := c.span*(id-1)/c.n + g.r.Int64N(2*jitter) - jitter
	pub := c.from.Add(time.Duration(min(max(at, 0), c.span-1)) * time.Second)
	year := pub.Year()
	topics := c.p.domainTopics[dom.Code]
	if len(topics) == 0 {
		topics = []string{dom.Name + "工作"}
	}
	topic := g.pick(topics)
	dept := g.pick(c.p.departments)
	town := g.pick(c.p.townships)
	period := g.pick(c.p.periods)

	var title, kind string
	switch x := g.r.IntN(100); {
	case x < 22:
		title, kind = fmt.Sprintf("关于%d年%s%s情况的公示", year, period, topic), "publicity"
	case x < 36:
		title, kind = fmt.Sprintf("%s%s%d年%s名单公示", u.Name, town, year, topic), "publicity"
	case x < 42:
		title, kind = fmt.Sprintf("%s关于%s结果的公示", dept, topic), "publicity"
	case x < 55:
		title, kind = fmt.Sprintf("%s%s关于做好%d年%s工作的通知", u.Name, dept, year, topic), "notice"
	case x < 64:
		title, kind = fmt.Sprintf("%d年%s%s公告", year, u.Name, topic), "announcement"
	case x < 72:
		title, kind = fmt.Sprintf("%s办事指南", topic), "guide"
	case x < 80:
		title, kind = fmt.Sprintf("关于印发《%s%s实施方案》的通知", u.Name, topic), "policy"
	case x < 86:
		title, kind = fmt.Sprintf("《%s%s管理办法》政策解读", u.Name, topic), "interpretation"
	case x < 94:
		title, kind = fmt.Sprintf("%s%s扎实推进%s", u.Name, town, topic), "news"
	default:
		title, kind = fmt.Sprintf("%s%d年%s统计数据", u.Name, year, topic), "statistics"
	}

	var b strings.Builder
	b.WriteString(fill(g, g.pick(c.p.openings), u, dept, town, topic, year, period))
	for range g.n(2, 4) {
		pool := c.p.generic
		if g.chance(0.6) {
			if p := c.p.domainSentences[dom.Code]; len(p) > 0 {
				pool = p
			}
		}
		b.WriteString(fill(g, g.pick(pool), u, dept, town, topic, year, period))
	}
	// The marked words, at their own rates, whatever the domain.
	if dom.Code == "shjz" && g.chance(0.8) || g.chance(0.12) {
		b.WriteString(fill(g, g.pick(c.p.dibao), u, dept, town, topic, year, period))
	}
	if g.chance(0.03) {
		b.WriteString(fill(g, g.pick(c.p.zuidi), u, dept, town, topic, year, period))
	}
	if g.chance(0.02) {
		b.WriteString(fill(g, g.pick(c.p.pension), u, dept, town, topic, year, period))
	}
	if g.chance(0.0001) {
		b.WriteString(fill(g, g.pick(c.p.rare), u, dept, town, topic, year, period))
	}
	if kind == "publicity" || g.chance(0.68) {
		b.WriteString(fill(g, g.pick(c.p.closingsPublicity), u, dept, town, topic, year, period))
	} else {
		b.WriteString(fill(g, g.pick(c.p.closings), u, dept, town, topic, year, period))
	}
	sc := c.subject[g.r.IntN(len(c.subject))]
	return search.Doc{
		ID: id, Unit: u.Code, Domain: dom.Code, Stage: c.p.stages[g.r.IntN(len(c.p.stages))], Kind: kind,
		Subject: sc.Code, Published: pub, Title: title, Body: b.String(),
	}
}

// fill replaces the placeholders of a sentence.
func fill(g gen, s string, u Unit, dept, town, topic string, year int, period string) string {
	d := time.Date(year, time.Month(g.n(1, 12)), g.n(1, 28), 0, 0, 0, 0, time.UTC)
	r := strings.NewReplacer(
		"{unit}", u.Name, "{dept}", dept, "{town}", town, "{topic}", topic,
		"{year}", fmt.Sprint(year), "{period}", period,
		"{date}", fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), d.Day()),
		"{date2}", fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), min(d.Day()+7, 28)),
		"{n}", fmt.Sprint(g.n(3, 980)), "{m}", fmt.Sprint(g.n(12, 9800)), "{pct}", fmt.Sprintf("%d.%d", g.n(1, 99), g.n(0, 9)),
		"{phone}", fmt.Sprintf("029-8%07d", g.r.IntN(10000000)), "{days}", fmt.Sprint(g.pick([]string{"5", "7", "10"})),
	)
	return r.Replace(s)
}

// pools are the phrasings the records are made of.
type pools struct {
	stages            []string
	periods           []string
	departments       []string
	townships         []string
	openings          []string
	generic           []string
	dibao             []string
	zuidi             []string
	pension           []string
	rare              []string
	closingsPublicity []string
	closings          []string
	domainTopics      map[string][]string
	domainSentences   map[string][]string
}

func newPools() pools {
	return pools{
		stages:  []string{"decision", "execution", "management", "service", "result"},
		periods: []string{"第一季度", "第二季度", "第三季度", "第四季度", "上半年", "下半年", "度", "1月份", "3月份", "6月份", "9月份", "12月份"},

		departments: []string{"民政局", "财政局", "人力资源和社会保障局", "住房和城乡建设局", "农业农村局", "卫生健康局", "教育局",
			"自然资源局", "生态环境分局", "应急管理局", "市场监督管理局", "城市管理和综合执法局", "退役军人事务局", "医疗保障局",
			"乡村振兴局", "行政审批服务局", "司法局", "公安分局", "文化和旅游体育局", "统计局"},

		townships: []string{"张家堡街道", "未央宫街道", "汉城街道", "六村堡街道", "草滩街道", "谭家街道", "新合街道", "席王街道",
			"洪庆街道", "狄寨街道", "红旗街道", "十里铺街道", "纺织城街道", "东关南街街道", "三里镇", "大王镇", "五星街道",
			"斗门街道", "细柳街道", "王曲街道", "马召镇", "集贤镇", "焦岱镇", "汤峪镇", "孟村镇", "安吴镇", "云阳镇", "崇文镇"},

		openings: []string{
			"根据《中华人民共和国政府信息公开条例》和《陕西省人民政府办公厅关于开展基层政务公开标准化规范化试点工作的通知》要求，",
			"为进一步做好{topic}工作，切实保障群众的知情权、参与权和监督权，",
			"按照{unit}人民政府工作安排，经{dept}研究决定，",
			"根据上级有关文件精神，结合{unit}实际，",
			"为贯彻落实党中央、国务院和省委、省政府决策部署，",
			"现将{unit}{year}年{period}{topic}有关情况公开如下。",
			"{year}年以来，{unit}{dept}坚持以人民为中心的发展思想，",
		},

		generic: []string{
			"各镇（街道）要高度重视，明确责任分工，确保各项工作任务落到实处。",
			"本次共涉及{town}等{n}个村（社区），惠及群众{m}人。",
			"资金通过惠民惠农财政补贴资金“一卡通”系统直接发放到户，严禁截留、挤占、挪用。",
			"申请人应当如实提供家庭收入、财产等情况，并签署授权核查声明。",
			"对弄虚作假骗取补助资金的，一经查实，将依法依规严肃处理。",
			"{dept}将会同相关部门加强监督检查，及时发现和纠正存在的问题。",
			"截至{period}末，累计完成投资{m}万元，完成年度计划的{pct}%。",
			"工作人员严格按照程序开展入户调查、民主评议和审核审批。",
			"群众可通过政府网站、政务新媒体、便民服务窗口等渠道查询相关信息。",
			"各相关单位要加强政策宣传解读，做到应公开尽公开。",
			"办理时限为{days}个工作日，不收取任何费用。",
			"申请材料包括：申请书、居民身份证、户口簿复印件及相关证明材料。",
			"我区将持续优化营商环境，推动政务服务事项“一网通办”。",
			"本项目由{dept}负责组织实施，接受社会监督。",
			"{town}组织召开专题会议，对{topic}进行安排部署。",
			"全年共受理群众来电来信{n}件，办结率达到{pct}%。",
			"城乡居民参加基本养老保险的，可按规定享受政府缴费补贴。",
			"统计数据显示，全区地区生产总值同比增长{pct}%。",
		},

		dibao: []string{
			"全区现有城乡低保对象{m}户，本{period}发放低保资金{m}万元。",
			"经入户调查和民主评议，拟将{n}户家庭纳入农村低保保障范围。",
			"对低保边缘家庭和支出型困难家庭，及时给予临时救助。",
			"低保标准提高至每人每月{n}元，按月足额发放。",
			"开展低保专项治理，清退不符合条件的低保对象{n}户。",
		},

		zuidi: []string{
			"{unit}城乡最低生活保障标准按照省市要求进行调整。",
			"对符合条件的困难群众，按规定纳入最低生活保障范围，做到应保尽保。",
			"最低生活保障审核确认权限已下放至{town}。",
		},

		pension: []string{
			"城乡居民基本养老保险参保缴费工作已全面启动，缴费档次分为{n}个档次。",
			"{year}年城乡居民基本养老保险基础养老金标准提高至每人每月{n}元。",
		},

		rare: []string{
			"受冰雹灾害影响，{town}部分农作物受损，{dept}已组织开展灾情核查。",
			"冰雹天气造成{n}户群众房屋受损，已启动应急救助程序。",
		},

		closingsPublicity: []string{
			"公示期为{days}个工作日，自{date}至{date2}。公示期间如有异议，请以书面形式向{unit}{dept}反映。联系电话：{phone}。",
			"现予以公示，公示期{days}天。对公示内容有异议的，可在公示期内向{dept}实名反映。监督电话：{phone}。",
			"以上名单同时在{town}公示栏张贴公示，接受群众监督。",
			"特此公示。{unit}{dept}，{date}。",
		},

		closings: []string{
			"特此通知。{unit}{dept}，{date}。",
			"本办法自印发之日起施行，由{dept}负责解释。",
			"联系人：{dept}办公室，联系电话：{phone}。",
			"欢迎社会各界监督，意见建议请发送至{dept}。",
		},

		// domainTopics are typical subjects of each pilot domain.
		domainTopics: map[string][]string{
			"cxgh":   {"控制性详细规划调整", "建设工程规划许可", "国土空间总体规划", "村庄规划编制", "规划批前公示"},
			"zdjsxm": {"重大建设项目批准", "重点项目建设进展", "政府投资项目审批", "项目招标投标", "征收土地补偿"},
			"ggzyjy": {"政府采购中标结果", "工程建设项目招标", "国有产权交易", "土地使用权出让", "公共资源交易"},
			"czyjs":  {"部门预算", "部门决算", "一般公共预算执行", "政府债务", "三公经费预算"},
			"aqsc":   {"安全生产大检查", "危险化学品专项整治", "安全生产行政处罚", "应急预案演练", "生产安全事故调查"},
			"ssgl":   {"个体工商户定额核定", "税收优惠政策落实", "欠税公告", "纳税信用评价", "减税降费"},
			"zdbc":   {"征地补偿安置方案", "土地征收启动", "征地补偿费用发放", "被征地农民社会保障", "征地听证"},
			"cqaz":   {"国有土地上房屋征收", "房屋征收补偿方案", "安置房分配", "拆迁补偿标准", "棚户区改造"},
			"bzxzf":  {"公共租赁住房分配", "保障性租赁住房", "住房租赁补贴发放", "公租房资格审核", "经济适用住房"},
			"ncwfgz": {"农村危房改造", "农村危房改造补助资金", "危房鉴定", "农房抗震改造", "危改对象确认"},
			"hjbh":   {"建设项目环境影响评价", "大气污染防治", "排污许可", "环境违法行为处罚", "河长制工作"},
			"ggwhfw": {"公共文化设施免费开放", "送戏下乡", "农家书屋建设", "文化惠民活动", "非物质文化遗产保护"},
			"ggflfw": {"法律援助", "人民调解", "公共法律服务中心建设", "普法宣传", "社区矫正"},
			"fpjz":   {"防止返贫动态监测", "脱贫人口小额信贷", "自然灾害救助", "救灾物资发放", "衔接资金项目"},
			"spypjg": {"食品安全抽检", "药品监督检查", "餐饮服务食品安全", "食品生产许可", "校园食品安全"},
			"cszhzf": {"城市管理综合执法", "违法建设治理", "市容环境整治", "占道经营整治", "行政处罚决定"},
			"jycy":   {"就业见习岗位", "创业担保贷款", "职业技能培训补贴", "公益性岗位招聘", "稳岗返还"},
			"shbx":   {"城乡居民基本医疗保险", "社会保险待遇发放", "养老保险待遇资格认证", "失业保险金申领", "工伤保险"},
			"shjz":   {"城乡最低生活保障资金发放", "低保对象", "特困人员救助供养", "临时救助", "困难残疾人生活补贴和重度残疾人护理补贴"},
			"ylfw":   {"高龄老人生活补贴", "养老服务机构", "居家养老服务", "老年人助餐服务", "养老服务补贴"},
			"hjgl":   {"户籍迁移", "居民身份证办理", "居住证申领", "户口登记", "落户政策"},
			"snbt":   {"耕地地力保护补贴", "农机购置补贴", "种粮农民一次性补贴", "惠民惠农财政补贴", "农业保险保费补贴"},
			"ywjy":   {"义务教育招生入学", "学生资助", "营养改善计划", "教师招聘", "学校布局调整"},
			"ylws":   {"基本公共卫生服务", "家庭医生签约服务", "医疗机构执业登记", "疫苗接种", "县域医共体建设"},
			"szfw":   {"供水供气", "市政道路维修", "路灯管理", "停车场收费", "垃圾分类"},
		},

		// domainSentences are sentences typical of some domains.
		domainSentences: map[string][]string{
			"shjz": {
				"特困人员救助供养标准按照不低于当地低保标准的1.3倍确定。",
				"临时救助对象包括急难型和支出型困难家庭。",
				"社会救助审批权限下放至{town}，进一步简化审核确认程序。",
			},
			"snbt": {
				"耕地地力保护补贴按照确权承包地面积计算，补贴标准为每亩{n}元。",
				"农机购置补贴实行自主购机、定额补贴、先购后补、县级结算。",
			},
			"shbx": {
				"城乡居民基本医疗保险个人缴费标准为每人每年{n}元。",
				"参保人员可通过国家医保服务平台查询个人权益记录。",
				"社会保险费由税务部门统一征收。",
			},
			"bzxzf": {
				"公共租赁住房实行轮候配租，按照申请顺序和困难程度分配。",
				"申请公租房的家庭人均住房面积应低于规定标准。",
			},
			"ncwfgz": {
				"农村危房改造对象重点为低收入群体等重点对象。",
				"危房改造补助资金按照改造方式和危险等级分类确定。",
			},
			"ylws": {
				"家庭医生签约服务覆盖率达到{pct}%。",
				"县域医共体建设实现县乡村三级医疗服务一体化。",
			},
			"czyjs": {
				"{year}年部门预算收入{m}万元，支出{m}万元。",
				"“三公”经费支出较上年下降{pct}%。",
			},
		},
	}
}
