package org.qsfs.mount.snapshots;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.qsfs.engine.fs.Attr;
import org.qsfs.engine.fs.DirEntry;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FileType;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.engine.fs.VersionOps;

/**
 * The read-only {@code /.snapshots/} directory: {@code /.snapshots/<UTC time>/...} is the
 * tree as it was at that time ({@link VersionOps#at}). The listing shows one entry per full
 * hour of the last {@link #LISTED_HOURS} hours (not before the volume was made); any other
 * time in the same format (seconds or fractions, e.g. {@code 2026-11-27T03:54:07.5Z}) can be
 * opened by name. Its inode numbers are a space of their own (bit 62 set, the snapshot's
 * number in bits 40..61, the live inode in bits 0..39), so they never clash with live ones.
 *
 * <p>Two ways in, one state: by path ({@link #resolve(String)}, for libfuse2's path API in
 * {@code org.qsfs.mount.fuse}) and by inode number ({@link #node(long)}, {@link #lookup},
 * for the kernel-protocol adapter in {@code org.qsfs.mount.fusekernel}, whose node ids are
 * these inode numbers). A snapshot inode number encodes its view and live inode, so the
 * inode API needs no table of its own.
 */
public final class SnapshotTree {
    public static final String DIR = "/.snapshots";
    public static final String NAME = ".snapshots";
    static final int LISTED_HOURS = 48;
    private static final long SPACE = 1L << 62;
    private static final int INO_BITS = 40;
    private static final long INO_MASK = (1L << INO_BITS) - 1;
    /** File handles of snapshot files: a range of their own, far from the engine's. */
    private static final long FH_BASE = 1L << 61;

    /** A path below {@code /.snapshots}: the view (null for the directory itself) and the inode in it. */
    public record Node(VersionOps.TreeView view, int id, long ino) {
        public boolean isTop() {
            return view == null;
        }
    }

    record OpenFile(VersionOps.TreeView view, long ino) {
    }

    private final VersionOps versions;
    private final FsOperations fs;
    private final ConcurrentHashMap<Long, Integer> ids = new ConcurrentHashMap<>();
    private final List<VersionOps.TreeView> views = new ArrayList<>();
    private final ConcurrentHashMap<String, Long> resolved = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, OpenFile> open = new ConcurrentHashMap<>();
    private final AtomicLong nextFh = new AtomicLong(FH_BASE);

    public SnapshotTree(VersionOps versions, FsOperations fs) {
        this.versions = versions;
        this.fs = fs;
    }

    public static boolean covers(String path) {
        return path != null && path.startsWith(DIR) && (path.length() == DIR.length() || path.charAt(DIR.length()) == '/');
    }

    public static boolean isFh(long fh) {
        return fh >= FH_BASE && fh < SPACE;
    }

    /** The time a name of {@code /.snapshots} stands for. */
    static long parseTime(String name) throws FsException {
        try {
            Instant t = Instant.parse(name);
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new FsException(Errno.ENOENT, "not a snapshot time (use UTC ISO-8601, e.g. 2026-11-27T03:00:00Z): " + name);
        }
    }

    public static String nameOf(long timeNs) {
        return Instant.ofEpochSecond(Math.floorDiv(timeNs, 1_000_000_000L), Math.floorMod(timeNs, 1_000_000_000L))
                .toString();
    }

    private synchronized int idOf(long timeNs) throws FsException {
        Integer id = ids.get(timeNs);
        if (id == null) {
            if (views.size() >= (1 << 21)) {
                throw new FsException(Errno.ENOSPC, "too many snapshot times opened");
            }
            id = views.size();
            views.add(versions.at(timeNs));
            ids.put(timeNs, id);
        }
        return id;
    }

    private synchronized VersionOps.TreeView view(int id) {
        return views.get(id);
    }

    public long inoOf(int id, long ino) {
        return SPACE | ((long) id << INO_BITS) | (ino & INO_MASK);
    }

    /** The node a path under {@code /.snapshots} names; ENOENT when it did not exist at that time. */
    public Node resolve(String path) throws FsException {
        if (path.length() == DIR.length() || path.length() == DIR.length() + 1) {
            return new Node(null, -1, SPACE);
        }
        String rest = path.substring(DIR.length() + 1);
        int slash = rest.indexOf('/');
        String stamp = slash < 0 ? rest : rest.substring(0, slash);
        int id = idOf(parseTime(stamp));
        VersionOps.TreeView v = view(id);
        if (slash < 0 || slash == rest.length() - 1) {
            return new Node(v, id, FsOperations.ROOT_INO);
        }
        Long cached = resolved.get(path);
        if (cached != null) {
            return new Node(v, id, cached);
        }
        long ino = FsOperations.ROOT_INO;
        int from = slash + 1;
        while (from < rest.length()) {
            int next = rest.indexOf('/', from);
            if (next < 0) {
                next = rest.length();
            }
            if (next > from) {
                Attr a = v.lookup(ino, rest.substring(from, next).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                ino = a.ino();
            }
            from = next + 1;
        }
        if (v.time() < System.currentTimeMillis() * 1_000_000L - 5_000_000_000L) { // a past time: names fixed
            if (resolved.size() > 100_000) {
                resolved.clear();
            }
            resolved.put(path, ino);
        }
        return new Node(v, id, ino);
    }

    /** The attributes of a node, with its inode number from the snapshot space. */
    public Attr getattr(Node n) throws FsException {
        if (n.isTop()) {
            Attr root = fs.getattr(FsOperations.ROOT_INO);
            long now = System.currentTimeMillis() * 1_000_000L;
            return new Attr(SPACE, FileType.DIRECTORY, 0555, 2, root.uid(), root.gid(), 0, 0, 0, now, now, now,
                    root.btimeNs());
        }
        Attr a = n.view.getattr(n.ino);
        return new Attr(inoOf(n.id, a.ino()), a.type(), a.perm() & 07555, a.nlink(), a.uid(), a.gid(), a.size(),
                a.blocks(), a.rdev(), a.atimeNs(), a.mtimeNs(), a.ctimeNs(), a.btimeNs());
    }

    /** The names listed in {@code /.snapshots}: full hours, newest last, not before the volume was made. */
    public List<String> listTop() throws FsException {
        long born = fs.getattr(FsOperations.ROOT_INO).btimeNs();
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<String> out = new ArrayList<>();
        for (int i = LISTED_HOURS - 1; i >= 0; i--) {
            Instant t = hour.minus(i, ChronoUnit.HOURS);
            long ns = t.getEpochSecond() * 1_000_000_000L;
            if (ns >= born || i == 0) {
                out.add(t.toString());
            }
        }
        return out;
    }

    /** Entries of a directory of a snapshot, inode numbers from the snapshot space. */
    public List<DirEntry> readdir(Node n) throws FsException {
        List<DirEntry> out = new ArrayList<>();
        for (DirEntry e : n.view.readdir(n.ino)) {
            out.add(new DirEntry(e.name(), inoOf(n.id, e.ino()), e.type(), e.offset()));
        }
        return out;
    }

    public byte[] readlink(Node n) throws FsException {
        if (n.isTop()) {
            throw new FsException(Errno.EINVAL, "not a symlink");
        }
        return n.view.readlink(n.ino);
    }

    /** Directory handles: the path (libfuse passes none to readdir with nopath). */
    private final ConcurrentHashMap<Long, String> dirs = new ConcurrentHashMap<>();

    public long opendir(String path) {
        long fh = nextFh.getAndIncrement();
        dirs.put(fh, path);
        return fh;
    }

    public String dirPath(long fh) throws FsException {
        String p = dirs.get(fh);
        if (p == null) {
            throw new FsException(Errno.EBADF, "unknown snapshot directory handle " + fh);
        }
        return p;
    }

    public void releasedir(long fh) {
        dirs.remove(fh);
    }

    public long open(Node n) throws FsException {
        if (n.isTop() || !n.view.getattr(n.ino).type().equals(FileType.REGULAR)) {
            throw new FsException(Errno.EISDIR, "not a file");
        }
        long fh = nextFh.getAndIncrement();
        open.put(fh, new OpenFile(n.view, n.ino));
        return fh;
    }

    public int read(long fh, long offset, byte[] buf, int len) throws FsException {
        OpenFile f = open.get(fh);
        if (f == null) {
            throw new FsException(Errno.EBADF, "unknown snapshot handle " + fh);
        }
        return f.view.read(f.ino, offset, buf, 0, len);
    }

    public Attr fgetattr(long fh) throws FsException {
        OpenFile f = open.get(fh);
        if (f == null) {
            throw new FsException(Errno.EBADF, "unknown snapshot handle " + fh);
        }
        Integer id = ids.get(f.view.time());
        return getattr(new Node(f.view, id == null ? 0 : id, f.ino));
    }

    public void release(long fh) {
        open.remove(fh);
    }

    // ---- by inode number (the kernel-protocol adapter) ------------------------------------

    /** The inode number of {@code /.snapshots} itself. */
    public static final long TOP_INO = SPACE;

    /** True for an inode number of this tree (bit 62). */
    public static boolean isIno(long ino) {
        return (ino & SPACE) != 0;
    }

    /** The node an inode number of this tree stands for (its view must have been opened by a lookup). */
    public Node node(long ino) throws FsException {
        if (ino == SPACE) {
            return new Node(null, -1, SPACE);
        }
        int id = (int) ((ino & ~SPACE) >>> INO_BITS);
        VersionOps.TreeView v;
        synchronized (this) {
            if (id >= views.size()) {
                throw new FsException(Errno.ENOENT, "unknown snapshot inode " + ino);
            }
            v = views.get(id);
        }
        return new Node(v, id, ino & INO_MASK);
    }

    /** The snapshot inode number of a node. */
    public long inoOf(Node n) {
        return n.isTop() ? SPACE : inoOf(n.id, n.ino);
    }

    /** {@code name} in directory {@code parent} of this tree: a time in the top, else an entry of that time. */
    public Node lookup(long parent, byte[] name) throws FsException {
        Node p = node(parent);
        if (p.isTop()) {
            int id = idOf(parseTime(new String(name, java.nio.charset.StandardCharsets.UTF_8)));
            return new Node(view(id), id, FsOperations.ROOT_INO);
        }
        Attr a = p.view.lookup(p.ino, name);
        return new Node(p.view, p.id, a.ino());
    }

    /** The listed times of the top as nodes (each becomes a view, so its inode number is known). */
    public List<Node> listTopNodes() throws FsException {
        List<Node> out = new ArrayList<>();
        for (String t : listTop()) {
            int id = idOf(parseTime(t));
            out.add(new Node(view(id), id, FsOperations.ROOT_INO));
        }
        return out;
    }
}
