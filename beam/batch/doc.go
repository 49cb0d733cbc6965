// Package batch is reprint's batch job on Apache Beam: one pass over a
// whole archive that gives, for every article, the verdict the flagger
// gives when it reads the same articles in the same order with learned
// boilerplate off and without the second (rewrite) index:
// `flag -format jsonl -passages=false -boilerplate 0 -rewrites=false`.
// Links are those of the shingle rule (verbatim copies, updates, the
// sources of stitched copies), with the Tracker's kinds and scores;
// rewrites and partial copies that only alignment finds are not looked
// for.
//
// # Stages
//
//	Read      JSONL shards, with the flagger's checks; each article gets a
//	          global order key (shard, then place in the shard)
//	Sign      shingle and sign with the library (dedup.Signer); the
//	          outlets the text credits are extracted here, and the text
//	          goes no further. Each band key is emitted with the article
//	          (ID, signature) as a bucket member, and alone to count the
//	          buckets' sizes (the hot buckets become a side input)
//	Pair      group by band key; each article is paired with the articles
//	          before it in input order (the Tracker queries its index
//	          before adding an article), at most BucketCap of them in a
//	          hot bucket; each pair is scored in the bucket and the
//	          earlier article is sent on as a candidate only if
//	          dedup.IndexConfig.Verify could use it (a full match, or a
//	          possible source of a stitched copy), from the first band
//	          the two share whose bucket is not hot
//	Verify    group by the later article: dedup.IndexConfig.Verify on all
//	          its candidates at once, in input order (containment, and the
//	          partial rule for stitched copies, which needs them all)
//	Attribute one worker feeds every article and its verified links
//	          (provenance.LinkFromMatch) into a provenance.Graph in input
//	          order, and writes the verdicts (the flagger's JSONL) and the
//	          graph document
//
// Everything up to Verify runs on as many workers as the runner gives
// it. Attribute runs on one: it reuses the library's Graph, so clock
// skew, primary sources (containment steps, then attribution order),
// MaxLinks, stories and story IDs are the Tracker's by construction.
//
// # Hot keys
//
// A band bucket of m articles gives m(m−1)/2 pairs; a wire story with
// 100,000 copies would put 5·10⁹ pairs on one worker per band. Past
// BucketCap+1 members, an article is paired only with the BucketCap
// earliest members (published time, then input order) seen before it:
// m·BucketCap pairs. The Tracker keeps each article's MaxLinks best
// links out of all its matches, ranked by score; the cap preselects by
// attribution order alone, so in a capped bucket an article can keep
// another link than the Tracker's, and the stitched-copy rule, which
// needs all candidates, can pick another partial source. Uncapped
// (BucketCap < 0) the verdicts are the Tracker's. At the default (128,
// twice the graph's MaxLinks), 0.29% of the verdicts differ on 100,000
// synthetic articles (0.08% in story or origin), where the hot buckets
// are outlets' boilerplate; 0.13% (0.05% in story or origin) on
// another 76,298 (7 hot buckets).
//
// A pair formed in a hot bucket is sent on from there, whatever other
// bands it shares, so verification may receive it more than once (it
// keeps one); a pair formed only in buckets that are not hot is sent
// once. The candidates verification gets are exactly those of the pairs
// the buckets form, as when every pair was joined with the earlier
// article's signature.
//
// # Graded reuse
//
// Verification is one call, dedup.IndexConfig.Verify, in verifyFn: rules
// that grade reuse plug in there (and in the Tracker's index) without
// changing the pipeline.
package batch
