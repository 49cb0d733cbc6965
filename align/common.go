package align

import "strings"

// Common words of English, of general use and of news writing, written
// by hand: content words (not function words, see [IsStopWord]) that a
// journalist rewording a story picks freely (verbs of saying and of
// rising and falling, generic nouns and adjectives; not the words of a
// topic, such as bank, election or oil, which mark what a story is about), so that sharing or
// changing them says little about copying. In a large corpus their
// counts say so; in a small one (a hundred documents on five topics)
// every word looks rare, and a rewrite that changed "reporters" to
// "journalists" would count as having changed a rare word. The prior
// counts each of them in [PriorCommon] of the [PriorDocs] documents.
const commonWordsEnglish = `
able accept accepted access account across act action active activity actual actually add added adding
addition additional address admit adopt advance advantage affect affected afford afraid age ago agree
agreed agreement ahead aid aim aimed allow allowed almost alone along alternative amid amount analyst
analysts announce announced announcement annual answer apparently appear appeared apply approach
approval approve approved area areas argue argued arm arrange arrive arrived article ask asked assets
attack attempt attend attention authorities authority available average avoid award aware away back
background bad balance ban base based basis bear became become becomes began begin beginning behind
believe believed benefit best better big bigger biggest bit block borrow boss bought break brief bring
broad broke brought build building built business buy buyer buyers buying call called calls came
campaign capacity care career carried carry case cases cash cause caused certain challenge chance change
changed changes charge charged cheap check chief choice choose chose claim claimed claims clear clearly
close closed closely collapse colleagues come comes coming comment comments commercial commitment common
communities community companies company compared competition complete completed concern concerned
concerns condition conditions conference confidence confirm confirmed conflict consider considered
continue continued continues contract control cost costs countries country couple course cover create
created crisis critical criticism cross current currently customers cut cuts daily damage date dead deal
deals death debate decade decide decided decision decline declined deep degree delay delayed deliver
demand demands deny department deputy described despite detail details develop developed development die
died difference different difficult direct direction directly director disclosed discuss discussed
discussion dispute district document domestic done double doubt drop dropped due earlier early earn
earned easily east easy edge effect effective effort efforts either elected else employees end ended
enough ensure enter entire especially estimate estimated even evening event events eventually ever
evidence exactly example exchange executive exist expect expected experience expert experts explain
explained express extra face faced fact factor failed fair fall fallen falling family far fast fear feel
fell felt field fight figure figures file final finally find fine firm firms fit flat follow followed
following force forced forces foreign form former forward found free friend front full fully further
future gain gained gains gave general get getting give given gives giving global go goal goes going gone
good great greater ground group groups grow growing guide half hand happen happened hard head heads hear
heard heavy held help helped high higher highest hit hold holding holds home hope hoped hour hours
however huge human idea immediately impact important include included includes including income increase
increased increases independent information initial instead interests internal international interview
involved issue issues job jobs join joined joint journalists just keep key kind knew know known lack
large largely larger largest late later latest launch launched lead leader leaders leading least leave
led left less level levels likely limit limited line list little live local long longer look looking
lose loss losses lost lot low lower main mainly major majority make makes making man manager managing
march matter mean meanwhile measure measures meet meeting member members men mid might million minutes
modest month months move moved movement moves near nearly need needed needs net never news next notice
number office officer officers official officials open opened operation operations opinion opportunity
option order ordered organisation organization others outside overall owned owner paid part particular
particularly partner partners pass passed past pay people period person place plan planned plans play
point points policy position possible potential power powerful pressure previous previously primary
private probably problem problems process produce produced product production products programme program
project projects proposal proposed protect provide provided public published purpose push put quarter
question questions quickly quite raise raised range rather reach reached read ready real reason received
recent recently record recorded reduce reduced reform refused region regional related release released
remain remained remains report reported reporters reports request require required research response
responsible rest result results return rights rise rising risk role rose rule rules run running safe
sale saw scheme second secretary section seek seen sell selling send senior sent series serious service
services session set sets short show showed shown side sign signed significant similar simply single
site situation size small social sold source sources speak speaking special spending spokesman
spokeswoman staff stage stake stand standard start started state statement states stay step steps stop
strategy strong strongly structure struggle study success successful suggested support supported sure
system systems take taken takes taking talk talks target term terms test thing things think third
thought time times today together took top total trend trust try trying turn turned type under
understand unless unlikely use used using usual value various version view views visit vote want wanted
warned watch way ways weeks well went west whole wide wider win won work worked workers working world
worth wrote yesterday young climbed dipped eased edged fell gained jumped plunged rallied slipped
slumped soared surged tumbled added noted stressed insisted admitted acknowledged announced confirmed
declared revealed stated explained suggested indicated estimated forecast predicted expects expected
`

// commonWordsUrdu are the same for Urdu (Arabic script): verbs of
// saying, doing and giving in their common forms, connectives, and
// generic nouns and adjectives of news writing.
const commonWordsUrdu = `
کہا کہنا کہتے کہتی کہنے بتایا بتاتے بتانا دیا دی دیے دینا دیں دینے لیا لی لینا لیں لینے کرنا کرتے کرتی کریں کرے کرانا
ہوگا ہوگی ہوں گا جائے جائیں جانا جاتا جاتی جاتے رہا رہی رہے رکھا رکھی رکھے رکھنا ملا ملی ملے ملنا آیا آئی آئے آنا
چاہیے چاہتے چاہتی سکتا سکتی سکتے ہونے ہوتا ہوتی ہوتے کیے کروایا لگا لگی لگے پڑا پڑی پڑے چکا چکی چکے
گفتگو بات باتیں بیان اعلان اظہار خطاب ملاقات دوران موقع مطابق حوالے سلسلے بارے تحت ذریعے جانب طرف علاوہ باوجود
جبکہ تاہم البتہ چنانچہ لہذا یعنی نیز مزید دیگر متعلقہ مختلف اہم بڑی بڑا بڑے چھوٹا چھوٹی نئے نئی نیا پرانا خصوصی
عام کئی تمام ہر کسی سب زیادہ کم پہلی پہلا دوسری دوسرا تیسری آخری گزشتہ آئندہ موجودہ حالیہ سابق
حکومت ملک شہر صوبہ صوبے علاقے علاقہ عوام لوگ لوگوں افراد شہری شہریوں روز دن دنوں رات صبح شام ہفتے ماہ مہینے
سال سالوں وقت تاریخ مرتبہ بار حصہ حصے تعداد رقم قیمت قیمتوں اضافہ اضافے کمی فیصد کروڑ لاکھ ارب ہزار
کام کارروائی اقدامات اقدام منصوبہ منصوبے منصوبوں فیصلہ فیصلے معاملہ معاملے مسئلہ مسائل صورتحال حالات نظام
پالیسی ادارے ادارہ اداروں شعبے شعبہ وفد اجلاس رپورٹ ذرائع خبر اطلاعات سرکاری عوامی قومی مقامی برادری
فراہم شروع ختم جاری مکمل منظور پیش حاصل شامل قائم واضح ممکن ضروری دعوی مطالبہ تجویز کوشش مدد ضرورت
صورت حال طور پر ساتھ درمیان بغیر خلاف حق حمایت مخالفت فوری جلد بعدازاں اس سلسلے بتائی کہی گئی
`

// PriorCommon is the number of the [PriorDocs] prior documents that hold
// each common word: enough to keep it from counting as rare in a small
// corpus (weight 0.25 among 100 documents), few enough to leave a large
// corpus's own counts to decide.
const PriorCommon = 30

// commonHashes are the word hashes of the common words.
var commonHashes = func() map[uint32]bool {
	var tz Tokenizer
	var d Doc
	out := map[uint32]bool{}
	for _, list := range []string{commonWordsEnglish, commonWordsUrdu} {
		tz.Doc(&d, strings.Join(strings.Fields(list), " "), false)
		for _, h := range d.Words {
			if !stopHashes[h] {
				out[h] = true
			}
		}
	}
	return out
}()

// IsCommonWord reports whether word hash h is that of a word of the
// hand-written lists of common English and Urdu content words (see
// [PriorCommon]).
func IsCommonWord(h uint32) bool { return commonHashes[h] }
