// Package shingle normalises news text and cuts it into hashed shingles,
// keeping byte offsets back into the original text.
//
// A syndicated copy of a story rarely matches its source byte for byte:
// paragraphs are re-flowed, straight quotes become curly ones, a dateline
// or a "date 2024-11-06" prefix is added, the text is cut short. Shingles
// are built so that the same words give the same hashes whatever happened
// to the characters around them.
//
// # Tokens
//
// Tokens are found on the original bytes, so every [Token] and [Shingle]
// carries exact offsets into the text it came from:
//
//   - A word is a run of letters, digits and combining marks of a script
//     that separates words with spaces (Latin, Cyrillic, Greek, Arabic,
//     Hebrew, Devanagari, Hangul, ...). An apostrophe (' ’ ‘ ʼ) between two
//     word characters joins them: "Trump’s" is one token.
//   - In scripts written without spaces (Han, Hiragana, Katakana, Thai,
//     Lao, Khmer, Myanmar) every character, with its combining marks, is a
//     token.
//   - Invisible format characters (zero-width joiner and non-joiner, soft
//     hyphen, direction marks, byte order mark) neither end a token nor
//     count in it, so "می‌خواهم" with a zero-width non-joiner is one word.
//   - Everything else ends a token and is otherwise ignored: white space of
//     any kind and length, punctuation, quotes, dashes, ellipses, symbols,
//     control characters including NUL, and bytes that are not valid UTF-8.
//
// # Normalisation
//
// Each token is normalised on its own before it is hashed (version
// [NormalizationVersion]):
//
//  1. apostrophes, format characters, the Arabic tatweel and Arabic vowel
//     marks (U+064B..U+065F, U+0670) are dropped;
//  2. the rest is put in Unicode normal form NFKC, which unifies full-width
//     and compatibility forms, ligatures and composed accents;
//  3. letters are lower-cased, final sigma becomes sigma, the Arabic yeh,
//     alef maksura and kaf become the Persian/Urdu yeh and keheh, and
//     Arabic-Indic digits become ASCII digits.
//
// Accents are kept: "resume" and "résumé" are different words.
//
// # Shingles
//
// A shingle is a run of [Config.WordSize] consecutive words, or
// [Config.CharSize] consecutive characters of an unspaced script. In mixed
// text a word weighs CharSize and a character WordSize, and each window is
// the shortest run of tokens, ending at a token, whose weight reaches
// WordSize × CharSize. A text shorter than one window has no shingles.
//
// # Hashes
//
// A token's hash is XXH64 with seed [TokenSeed] of its normalised UTF-8
// bytes. A shingle's hash is XXH64 with seed [ShingleSeed] of its token
// hashes written as 8-byte little-endian words in text order. Both are
// fixed: the same text gives the same hashes in every process and on
// every machine, so hashes can be stored and compared across runs.
//
// # Concurrency
//
// A [Shingler] keeps scratch buffers and is for one goroutine at a time;
// create one per goroutine. Nothing in the package keeps a reference to
// the text it is given.
package shingle
