package provenance

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// RepairReport says what [RepairDir] found and did.
type RepairReport struct {
	// RecordsKept counts the records in the store after the repair, and
	// CommitsKept the commits kept whole. Records of a commit cut by the
	// damage that are whole before it are kept too, under a commit mark
	// that the repair writes.
	RecordsKept, CommitsKept int
	// SetAside is the number of bytes moved from the end of the log into
	// SetAsideFile ("" when nothing was), and SetAsideRecords the number
	// of whole records among them before any damage, committed or not.
	SetAside        int64
	SetAsideFile    string
	SetAsideRecords int
	// Damage says what is wrong with the first bad frame of the log, and
	// DamageAt where it starts, when that frame is in committed data; ""
	// when there is none, or only a torn uncommitted write.
	Damage   string
	DamageAt int64
	// RecordsLost counts the committed records that are no longer in the
	// store (set aside, or cut from the log before the repair), and
	// CommitsLost the commits they belonged to, by the commits file; both
	// are -1 when that file was missing or unreadable, so that they cannot
	// be known.
	RecordsLost, CommitsLost int
	// CommitsFile says what was wrong with the commits file, if anything.
	CommitsFile string
}

// String is the report in a few words, for people.
func (r RepairReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "kept %s (%s)", count(r.RecordsKept, "record"), count(r.CommitsKept, "whole commit"))
	if r.Damage != "" {
		fmt.Fprintf(&b, "; damage at byte %d: %s", r.DamageAt, r.Damage)
	}
	if r.SetAsideFile != "" {
		fmt.Fprintf(&b, "; set aside %s (%s) in %s", count(int(r.SetAside), "byte"), count(r.SetAsideRecords, "whole record"), r.SetAsideFile)
	} else {
		b.WriteString("; nothing set aside")
	}
	if r.RecordsLost < 0 {
		b.WriteString("; committed records lost: unknown")
	} else {
		fmt.Fprintf(&b, "; lost %s of %s", count(r.RecordsLost, "committed record"), count(r.CommitsLost, "commit"))
	}
	if r.CommitsFile != "" {
		fmt.Fprintf(&b, "; %s, written again", r.CommitsFile)
	}
	return b.String()
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// RepairDir repairs the damaged store in dir (see [DirStore]) so that
// OpenDir opens it again: it keeps the committed records of the log up to
// its first bad frame (a wrong length or checksum, or a record that does
// not decode): those up to the last commit mark before it and, when the
// commits file says that the bad frame is in committed data, the whole
// records after that mark too, under a new commit mark. It moves every
// byte after what it keeps into a file named
// DirLogName + ".set-aside-" + its byte offset (a further suffix if that
// name is taken: nothing is deleted), and writes the commits file again
// for what it kept. A healthy store keeps all its committed records and
// has only an uncommitted tail, if any, set aside. It reports what it
// kept and, as far as the commits file tells, what was lost.
//
// It returns an error wrapping [ErrStoreLocked] when the store is open;
// an error when dir holds no log, or one whose header is damaged (the
// signature settings are then unknown), or files that are links; or the
// file system's error, and then the store may be as before or repaired,
// never with bytes lost. It is safe to run on one store while no
// process uses it.
func RepairDir(dir string) (RepairReport, error) {
	rep := RepairReport{RecordsLost: -1, CommitsLost: -1}
	if err := checkFiles(dir); err != nil {
		return rep, err
	}
	if _, err := os.Stat(filepath.Join(dir, DirLogName)); errors.Is(err, os.ErrNotExist) {
		return rep, fmt.Errorf("provenance: %s holds no store (no %s): nothing to repair", dir, DirLogName)
	} else if err != nil {
		return rep, err
	}
	lock, err := lockStore(dir)
	if err != nil {
		return rep, err
	}
	defer unlockStore(lock)
	f, err := openStoreFile(dir, DirLogName, os.O_RDWR)
	if err != nil {
		return rep, err
	}
	defer f.Close()
	path := filepath.Join(dir, DirLogName)

	recorded, haveCommits, cerr := readCommits(dir)
	if cerr != nil {
		rep.CommitsFile = cerr.Error()
	}
	sc, err := scanLog(f, recorded, true)
	if err != nil {
		return rep, fmt.Errorf("%w: %s cannot be repaired: %w", ErrCorruptRecord, path, err)
	}
	keep, mark := sc.last, !haveCommits && sc.version == 1 && sc.commits == 0 && sc.records > 0
	if mark {
		// A version 1 log from before commit marks: all whole records count.
		keep = commitPoint{size: sc.good, records: sc.records}
	}
	if haveCommits && sc.good < recorded.size && sc.good > sc.last.size {
		// Damage to a commit: the records before it were committed, though
		// their commit mark is lost. Keep them under a new mark.
		keep, mark = commitPoint{size: sc.good, records: sc.records, commits: sc.commits}, true
	}
	if sc.bad != nil {
		// Damage, or the torn end of an uncommitted write?
		committed := haveCommits && !sc.reachedRecorded
		if !committed {
			if committed, err = markAfter(f, sc.good, sc.size); err != nil {
				return rep, err
			}
		}
		if committed {
			rep.Damage, rep.DamageAt = sc.bad.Error(), sc.good
		}
	}
	if keep.size < sc.size {
		if rep.SetAsideFile, err = setAside(dir, f, keep.size, sc.size, "set-aside"); err != nil {
			return rep, fmt.Errorf("provenance: repairing %s: %w", path, err)
		}
		rep.SetAside, rep.SetAsideRecords = sc.size-keep.size, sc.records-keep.records
	}
	rep.RecordsKept, rep.CommitsKept = keep.records, keep.commits
	if mark {
		if _, err := f.WriteAt(commitMarkFrame, keep.size); err != nil {
			return rep, err
		}
		if err := f.Sync(); err != nil {
			return rep, err
		}
		keep.size += int64(len(commitMarkFrame))
		keep.commits++
	}
	if !haveCommits || keep != recorded {
		if err := createCommits(dir, keep); err != nil {
			return rep, fmt.Errorf("provenance: repairing %s: writing %s: %w", dir, DirCommitsName, err)
		}
	}
	if haveCommits {
		rep.RecordsLost, rep.CommitsLost = max(0, recorded.records-rep.RecordsKept), max(0, recorded.commits-rep.CommitsKept)
	} else if cerr == nil {
		rep.CommitsFile = "there was no commits file"
	}
	return rep, nil
}
