package org

import "github.com/trustelem/zxcvbn"

// minStrength is the zxcvbn score (0 to 4) a new password must reach: 3 means about 10⁸
// guesses or more, "safely unguessable" by zxcvbn's measure, against an online attacker
// slowed by the lockout and far beyond it.
const minStrength = 3

// chineseWords are pinyin words, number idioms and names that Chinese users put in their
// passwords (我爱你 woaini, 520/1314 我爱你一生一世, 我的密码 wodemima …) and that zxcvbn's English
// dictionaries do not know, plus the words of this platform. zxcvbn counts a password built
// from them as a few guesses, like one built from the login.
var chineseWords = []string{
	"woaini", "aini", "woaiwojia", "wodemima", "mima", "5201314", "1314520", "1314", "520", "521",
	"zhongguo", "china", "beijing", "shanghai", "xian", "shaanxi", "shanxi", "sanqin", "changan",
	"baobao", "laopo", "laogong", "wangyi", "taobao", "weixin", "tianya", "qq", "baidu",
	"88888888", "666666", "168168", "518518", "147258369", "123qwe", "qweasd",
	"zhengfu", "zhengwu", "gongkai", "zhengwugongkai", "admin", "guanli", "guanliyuan",
}

// guessable reports whether zxcvbn (Dropbox's estimator, Go port trustelem/zxcvbn, MIT) finds
// pw made of common passwords, words, names, keyboard patterns, dates, sequences, repeats or
// l33t substitutions of them, of the Chinese words above, or of the person's own login.
func guessable(pw string, userInputs ...string) bool {
	return zxcvbn.PasswordStrength(pw, append(userInputs, chineseWords...)).Score < minStrength
}
