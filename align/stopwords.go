package align

import "strings"

// Function words, written by hand, of the languages the corpora are in:
// they carry no evidence of copying however rare a small corpus makes
// them look (see [DocFreq]). Words are normalised as package shingle
// normalises them.
const (
	stopEnglish = `a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me more most my
myself no nor not now of off on once only or other our ours ourselves out over own same she should so some
such than that the their theirs them themselves then there these they this those through to too under until
up very was we were what when where which while who whom why will with would you your yours yourself
yourselves said says say told tell mr mrs ms its per pct percent one two three four five six seven eight
nine ten year years week day new may last first since according however although though yet still
already around among within without across toward towards upon via onto whether another every many much
several such`
	// Urdu (Arabic script): postpositions, pronouns, auxiliaries, conjunctions.
	stopUrdu = `کے کی کا کو میں سے نے پر تک ہے ہیں تھا تھی تھے ہو ہوا ہوئی ہوئے گا گی گے اور یا کہ جو جس جن
یہ وہ اس ان ایک بھی نہیں نہ کر کیا کیے کرتے کرنے گیا گئی گئے لیے لئے ساتھ بعد پہلے اب بہت کچھ کوئی
اپنے اپنی اپنا ہم آپ میرا میری تو جب تب اگر لیکن مگر بلکہ کیونکہ والے والی والا کہا کہنا رہا رہی رہے`
)

// stopHashes are the word hashes of the stop words.
var stopHashes = func() map[uint32]bool {
	var tz Tokenizer
	var d Doc
	out := map[uint32]bool{}
	for _, list := range []string{stopEnglish, stopUrdu} {
		tz.Doc(&d, strings.Join(strings.Fields(list), " "), false)
		for _, h := range d.Words {
			out[h] = true
		}
	}
	return out
}()

// IsStopWord reports whether word hash h is that of a stop word of the
// hand-written lists (English and Urdu function words, and a few words
// of reporting such as "said").
func IsStopWord(h uint32) bool { return stopHashes[h] }
