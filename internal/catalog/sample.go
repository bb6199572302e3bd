package catalog

// SampleEntries returns a realistic standard catalog for a domain code, for the demo dataset,
// tests and benchmarks: 社会救助 ("shjz") and 涉农补贴 ("snbt") after the national 2019 基层政务公开
// 标准目录 of those domains, written from the published guidelines as closely as we know them
// (items, elements and bodies may differ in wording from the official tables). Other codes give
// nil. Entries are normalized, numbered 1..n and valid; Keys and IDs are left empty for the
// caller to assign. Each call returns fresh slices the caller may modify.
func SampleEntries(domainCode string) []Entry {
	var out []Entry
	switch domainCode {
	case "shjz":
		out = sampleSocialAssistance()
	case "snbt":
		out = sampleAgriSubsidies()
	default:
		return nil
	}
	for i := range out {
		out[i].Seq = i + 1
		out[i].Normalize()
	}
	return out
}

const (
	regulations    = "《中华人民共和国政府信息公开条例》"
	assistanceActs = "《社会救助暂行办法》"
	dibaoRules     = "《最低生活保障审核审批办法（试行）》"
	tekunRules     = "《特困人员认定办法》"
	within20       = "信息形成或者变更之日起20个工作日内"
	within10       = "制定或获取信息之日起10个工作日内"
	countyCivil    = "县级人民政府民政部门"
	township       = "乡镇人民政府（街道办事处）"
	hotline        = "custom:12345政务服务便民热线"
)

func sampleSocialAssistance() []Entry {
	policy := func(item1, acts string) Entry {
		return Entry{
			Item1: item1, Item2: "政策文件",
			Content:         "涉及" + item1 + "的法律、法规、规章和规范性文件",
			LegalBasis:      regulations + "\n" + acts,
			TimeLimitText:   within20,
			ResponsibleBody: countyCivil,
			Channels:        []string{"website", "gazette", "weibo_wechat_app", "reading_point", "service_center"},
			AudiencePublic:  true, ModeProactive: true, LevelCounty: true,
			Stages: []Stage{StageDecision},
		}
	}
	guide := func(item1, content, acts string) Entry {
		return Entry{
			Item1: item1, Item2: "办事指南",
			Content:         content,
			LegalBasis:      acts,
			TimeLimitText:   within20,
			ResponsibleBody: countyCivil + "\n" + township,
			Channels:        []string{"website", "weibo_wechat_app", "service_center", "service_station", "bulletin_board"},
			AudiencePublic:  true, ModeProactive: true, LevelCounty: true, LevelTownship: true,
			Stages: []Stage{StageService},
		}
	}
	review := func(item1, acts string) Entry {
		return Entry{
			Item1: item1, Item2: "审核信息",
			Content:         "初审对象名单及相关信息",
			LegalBasis:      acts,
			TimeLimitText:   "制定或获取信息之日起10个工作日内，公示7个工作日",
			ResponsibleBody: township,
			Channels:        []string{"bulletin_board"},
			AudienceGroup:   true, ModeProactive: true, LevelTownship: true,
			Stages: []Stage{StageManagement},
		}
	}
	dibao, tekun, linshi := "最低生活保障", "特困人员救助供养", "临时救助"
	return []Entry{
		policy(dibao, assistanceActs+"\n"+dibaoRules),
		guide(dibao, "办理事项、办理条件、保障标准、申请材料、办理流程、办理时间、地点、联系方式", assistanceActs+"\n"+dibaoRules),
		review(dibao, dibaoRules),
		{
			Item1: dibao, Item2: "审批结果",
			Content:         "保障对象名单（户主姓名、保障人数、保障金额），个人隐私信息除外\n保障标准调整情况",
			LegalBasis:      assistanceActs + "\n" + dibaoRules,
			TimeLimitText:   within10,
			ResponsibleBody: countyCivil,
			Channels:        []string{"website", "bulletin_board"},
			AudiencePublic:  true, ModeProactive: true, LevelCounty: true, LevelTownship: true,
			Stages: []Stage{StageResult},
		},
		policy(tekun, assistanceActs+"\n"+tekunRules),
		guide(tekun, "办理事项、办理条件、供养标准、供养形式、申请材料、办理流程、办理时间、地点、联系方式", assistanceActs+"\n"+tekunRules),
		review(tekun, tekunRules),
		{
			Item1: tekun, Item2: "审批结果",
			Content:         "特困人员名单（姓名、供养形式、救助供养标准），个人隐私信息除外",
			LegalBasis:      tekunRules,
			TimeLimitText:   within10,
			ResponsibleBody: countyCivil,
			Channels:        []string{"website", "bulletin_board"},
			AudiencePublic:  true, ModeProactive: true, LevelCounty: true,
			Stages: []Stage{StageResult},
		},
		guide(linshi, "办理事项、救助对象、救助方式、救助标准、申请材料、办理流程、办理时间、地点、联系方式", assistanceActs+"\n《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）"),
		{
			Item1: linshi, Item2: "救助结果",
			Content:         "救助对象姓名、救助事由、救助金额，个人隐私信息除外",
			LegalBasis:      assistanceActs,
			TimeLimitText:   within10,
			ResponsibleBody: countyCivil + "\n" + township,
			Channels:        []string{"website", "bulletin_board"},
			AudiencePublic:  true, ModeProactive: true, LevelCounty: true, LevelTownship: true,
			Stages: []Stage{StageResult},
		},
		{
			Item1: "家庭经济状况核对", Item2: "核对结果",
			Content:         "申请家庭经济状况核对报告",
			LegalBasis:      assistanceActs + "\n" + regulations + "第二十七条",
			TimeLimitText:   "收到申请之日起20个工作日内",
			ResponsibleBody: countyCivil + "（居民家庭经济状况核对机构）",
			Channels:        []string{"service_center", "door_to_door"},
			AudienceGroup:   true, ModeOnRequest: true, LevelCounty: true,
			Stages: []Stage{StageService},
		},
		{
			Item1: "社会救助监督", Item2: "投诉举报",
			Content:         "社会救助服务热线、举报电话、投诉举报受理机构及办理程序",
			LegalBasis:      assistanceActs,
			TimeLimitText:   within20,
			ResponsibleBody: countyCivil,
			Channels:        []string{"website", "weibo_wechat_app", "service_center", "bulletin_board", hotline},
			AudiencePublic:  true, ModeProactive: true, LevelCounty: true, LevelTownship: true,
			Stages: []Stage{StageManagement},
		},
	}
}

func sampleAgriSubsidies() []Entry {
	const elements = "政策依据、补贴对象、补贴标准、申请指南、补贴结果、监督渠道"
	subsidy := func(item1, item2, basis, body string, stages ...Stage) Entry {
		return Entry{
			Item1: item1, Item2: item2,
			Content:         elements,
			LegalBasis:      regulations + "\n" + basis,
			TimeLimitText:   within20,
			ResponsibleBody: body,
			Channels:        []string{"website", "bulletin_board"},
			AudiencePublic:  true, ModeProactive: true, LevelCounty: true, LevelTownship: true,
			Stages: stages,
		}
	}
	const (
		farm    = "县级农业农村部门"
		finance = "县级财政部门"
		forest  = "县级林业和草原主管部门"
	)
	threeSubsidies := "《财政部 农业部关于全面推开农业“三项补贴”改革工作的通知》（财农〔2016〕26号）"
	return []Entry{
		subsidy("种粮农民补贴", "耕地地力保护补贴", threeSubsidies, farm+"\n"+finance, StageExecution, StageResult),
		subsidy("种粮农民补贴", "实际种粮农民一次性补贴", "《财政部 农业农村部关于对实际种粮农民发放一次性补贴的通知》", farm+"\n"+finance, StageExecution, StageResult),
		{
			Item1: "农业机械化补贴", Item2: "农机购置补贴",
			Content:         "政策依据、申请指南、补贴结果、监督渠道",
			LegalBasis:      "《中华人民共和国农业机械化促进法》\n《农业机械购置补贴实施指导意见》",
			TimeLimitText:   "20个工作日内",
			ResponsibleBody: farm,
			Channels:        []string{"website"},
			AudiencePublic:  true, ModeProactive: true, LevelCounty: true,
			Stages: []Stage{StageService, StageResult},
		},
		subsidy("农业机械化补贴", "农机报废更新补贴", "《农业机械报废更新补贴实施指导意见》", farm, StageService, StageResult),
		subsidy("生态保护补贴", "草原生态保护补助奖励", "《第三轮草原生态保护补助奖励政策实施指导意见》", forest+"\n"+farm, StageExecution, StageResult),
		subsidy("生态保护补贴", "退耕还林还草补助", "《新一轮退耕还林还草总体方案》", forest, StageExecution, StageResult),
		subsidy("生态保护补贴", "森林生态效益补偿", "《中央财政森林生态效益补偿基金管理办法》", forest, StageExecution, StageResult),
		subsidy("农业保险", "农业保险保费补贴", "《农业保险条例》\n《中央财政农业保险保费补贴管理办法》", finance+"\n"+farm, StageExecution, StageResult),
		{
			Item1: "补贴资金发放", Item2: "“一卡通”发放信息",
			Content:         "补贴对象姓名、补贴项目、补贴标准、补贴金额，个人隐私信息除外",
			LegalBasis:      "《关于进一步加强惠民惠农财政补贴资金“一卡通”管理的指导意见》",
			TimeLimitText:   "发放前公示7个工作日",
			ResponsibleBody: township,
			Channels:        []string{"bulletin_board", "targeted_push"},
			AudienceGroup:   true, ModeProactive: true, LevelTownship: true,
			Stages: []Stage{StageResult},
		},
		{
			Item1: "补贴资金发放", Item2: "资金分配使用情况",
			Content:         "涉农补贴资金分配结果、使用情况",
			LegalBasis:      regulations + "第二十条",
			TimeLimitText:   within20,
			ResponsibleBody: finance,
			Channels:        []string{"website", "reading_point"},
			AudiencePublic:  true, ModeProactive: true, ModeOnRequest: true, LevelCounty: true,
			Stages: []Stage{StageResult},
		},
		{
			Item1: "监督举报", Item2: "涉农补贴投诉举报",
			Content:         "投诉举报电话、信箱、受理机构及处理程序",
			LegalBasis:      regulations,
			TimeLimitText:   within20,
			ResponsibleBody: farm + "\n" + finance,
			Channels:        []string{"website", "bulletin_board", hotline, "custom:政务公开专区"},
			AudiencePublic:  true, ModeProactive: true, LevelCounty: true, LevelTownship: true,
			Stages: []Stage{StageManagement},
		},
	}
}
