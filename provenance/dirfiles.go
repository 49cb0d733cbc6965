package provenance

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// The files of a DirStore, how they are opened, locked and created, and
// its commits file. See [DirStore] for the formats.

// DirCommitsName is the file of a [DirStore] that records its last
// commit.
const DirCommitsName = "commits"

// newSuffix is added to a file's name while it is created.
const newSuffix = ".new"

// storeFiles are the names of a store's files: none may be a link.
var storeFiles = []string{DirLogName, DirLockName, DirCommitsName, DirLogName + newSuffix, DirCommitsName + newSuffix}

// checkFiles refuses a store whose files are links or not regular files.
func checkFiles(dir string) error {
	for _, name := range storeFiles {
		info, err := os.Lstat(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if err := checkRegular(dir, name, info.Mode()); err != nil {
			return err
		}
	}
	return nil
}

func checkRegular(dir, name string, mode os.FileMode) error {
	if mode&os.ModeSymlink != 0 {
		return fmt.Errorf("provenance: %s in the store %s is a symbolic link: the store follows no link out of its directory; replace the link with the file itself", name, dir)
	}
	if !mode.IsRegular() {
		return fmt.Errorf("provenance: %s in the store %s is not a regular file (%v)", name, dir, mode.Type())
	}
	return nil
}

// openStoreFile opens the file name in dir with flag, never through a
// symbolic link, and checks that it is a regular file.
func openStoreFile(dir, name string, flag int) (*os.File, error) {
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, flag|noFollow, 0o644)
	if err != nil {
		// O_NOFOLLOW fails with an errno that varies by system: say why.
		if info, lerr := os.Lstat(path); lerr == nil && info.Mode()&os.ModeSymlink != 0 {
			return nil, checkRegular(dir, name, info.Mode())
		}
		return nil, err
	}
	info, err := f.Stat()
	if err == nil {
		err = checkRegular(dir, name, info.Mode())
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// replaceFile gives the file name in dir the contents b, whole or not at
// all: it writes them to a new file under a temporary name, created
// exclusively (one a crash left there is removed first: the caller holds
// the store's lock), syncs it, renames it over name and syncs dir.
func replaceFile(dir, name string, b []byte) error {
	tmp := name + newSuffix
	if err := os.Remove(filepath.Join(dir, tmp)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	f, err := openStoreFile(dir, tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(filepath.Join(dir, tmp), filepath.Join(dir, name))
	}
	if err == nil {
		err = syncDir(dir)
	}
	return err
}

// setAside copies the bytes of the log f from off to end into a new file
// named DirLogName+kind+off in dir (a further suffix if that name is
// taken: nothing is overwritten, and no link followed), syncs it,
// truncates the log at off and syncs it. It returns the new file's path.
func setAside(dir string, f *os.File, off, end int64, kind string) (string, error) {
	var out *os.File
	var path string
	var err error
	for i := 0; ; i++ {
		name := fmt.Sprintf("%s.%s-%d", DirLogName, kind, off)
		if i > 0 {
			name += fmt.Sprintf(".%d", i)
		}
		path = filepath.Join(dir, name)
		// O_EXCL fails on any existing name, a link included, and makes
		// a new regular file.
		out, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, 0o644)
		if !errors.Is(err, os.ErrExist) {
			break
		}
	}
	if err != nil {
		return "", err
	}
	_, err = io.Copy(out, io.NewSectionReader(f, off, end-off))
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = f.Truncate(off)
	}
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = syncDir(dir)
	}
	return path, err
}

// syncDir syncs a directory, so that a file created in it survives a
// crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// heldLocks are the lock files of the stores this process has open, so
// that a second OpenDir of one is refused with the right words (an flock
// conflicts between two opens in one process as between processes, and
// where there is no flock, nothing else would refuse it).
var heldLocks struct {
	sync.Mutex
	files map[*os.File]os.FileInfo
}

// lockStore opens and locks the lock file of the store in dir.
func lockStore(dir string) (*os.File, error) {
	lock, err := openStoreFile(dir, DirLockName, os.O_RDWR|os.O_CREATE)
	if err != nil {
		return nil, err
	}
	info, err := lock.Stat()
	if err != nil {
		lock.Close()
		return nil, err
	}
	heldLocks.Lock()
	defer heldLocks.Unlock()
	for _, held := range heldLocks.files {
		if os.SameFile(held, info) {
			lock.Close()
			return nil, fmt.Errorf("%w: %s is already open in this process", ErrStoreLocked, dir)
		}
	}
	if err := lockFile(lock); err != nil {
		lock.Close()
		return nil, fmt.Errorf("%w: %s is open in another process (%w)", ErrStoreLocked, dir, err)
	}
	if heldLocks.files == nil {
		heldLocks.files = make(map[*os.File]os.FileInfo)
	}
	heldLocks.files[lock] = info
	return lock, nil
}

// unlockStore releases and closes a lock taken by lockStore.
func unlockStore(lock *os.File) error {
	heldLocks.Lock()
	delete(heldLocks.files, lock)
	heldLocks.Unlock()
	unlockFile(lock)
	return lock.Close()
}

// ErrStoreLocked is returned by [OpenDir] and [RepairDir] when the store
// is open, in another process or already in this one; the error says
// which.
var ErrStoreLocked = errors.New("provenance: store is in use")

// commitPoint is where a commit ends in the log: its byte length after
// the commit mark, and the records and commits up to there.
type commitPoint struct {
	size             int64
	records, commits int
}

const (
	commitsMagic = "RPCOMIT1"
	commitSlot   = 32 // bytes of a slot in the commits file
	commitsSize  = len(commitsMagic) + 2*commitSlot
)

// encode returns p as a slot of the commits file.
func (p commitPoint) encode() []byte {
	var a [commitSlot]byte
	b := a[:0]
	b = binary.LittleEndian.AppendUint64(b, uint64(p.commits))
	b = binary.LittleEndian.AppendUint64(b, uint64(p.records))
	b = binary.LittleEndian.AppendUint64(b, uint64(p.size))
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, crcTable))
	return append(b, 0, 0, 0, 0)
}

// decodeSlot returns the point in a slot, or false for a torn one.
func decodeSlot(b []byte) (commitPoint, bool) {
	if crc32.Checksum(b[:24], crcTable) != binary.LittleEndian.Uint32(b[24:]) {
		return commitPoint{}, false
	}
	commits, records, size := binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:]), binary.LittleEndian.Uint64(b[16:])
	if commits > 1<<40 || records > 1<<40 || size > 1<<62 {
		return commitPoint{}, false
	}
	return commitPoint{size: int64(size), records: int(records), commits: int(commits)}, true
}

// readCommits reads the commits file in dir: the last commit it records,
// or false if there is no such file. A file that is not a commits file,
// or has no whole slot, is damage.
func readCommits(dir string) (commitPoint, bool, error) {
	f, err := openStoreFile(dir, DirCommitsName, os.O_RDONLY)
	if errors.Is(err, os.ErrNotExist) {
		return commitPoint{}, false, nil
	}
	if err != nil {
		return commitPoint{}, false, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, int64(commitsSize)+1))
	if err != nil {
		return commitPoint{}, false, err
	}
	bad := func(why string) (commitPoint, bool, error) {
		return commitPoint{}, false, fmt.Errorf("%w: %s: %s", ErrStoreDamaged, filepath.Join(dir, DirCommitsName), why)
	}
	if len(b) != commitsSize || string(b[:len(commitsMagic)]) != commitsMagic {
		return bad("not a commits file of this version")
	}
	var last commitPoint
	found := false
	for i := range 2 {
		off := len(commitsMagic) + i*commitSlot
		if p, ok := decodeSlot(b[off : off+commitSlot]); ok && (!found || p.commits > last.commits) {
			last, found = p, true
		}
	}
	if !found {
		return bad("both entries are damaged")
	}
	return last, true, nil
}

// createCommits writes a new commits file in dir that records p.
func createCommits(dir string, p commitPoint) error {
	slot := p.encode()
	return replaceFile(dir, DirCommitsName, append(append([]byte(commitsMagic), slot...), slot...))
}

// writeCommit records p in the open commits file f, in place, in the
// slot of its commit number. It does not sync: see [DirStore].
func writeCommit(f *os.File, p commitPoint) error {
	_, err := f.WriteAt(p.encode(), int64(len(commitsMagic)+p.commits%2*commitSlot))
	return err
}
