package org.qsfs.zdb.commands;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.qsfs.zdb.server.ZdbConfig;
import org.qsfs.zdb.storage.IndexMode;
import org.qsfs.zdb.storage.Namespace;
import org.qsfs.zdb.storage.NamespaceLock;
import org.qsfs.zdb.storage.Namespaces;
import org.qsfs.zdb.storage.StorageException;

/** NSNEW, NSDEL, SELECT, NSLIST, NSINFO, NSSET, NSJUMP, DBSIZE, RELOAD, FLUSH. */
final class NamespaceCommands {
    static final String DEFAULT = "default";

    private NamespaceCommands() {
    }

    static void nsnew(CommandContext ctx) {
        if (!ctx.adminAuthorized() || !ctx.validate(2) || !ctx.namespaceArgument(1)) {
            return;
        }
        String name = ctx.argString(1);
        if (!Namespaces.validName(name)) {
            ctx.out().error("This name is not allowed");
            return;
        }
        Namespaces all = ctx.server().namespaces();
        if (all.get(name) != null) {
            ctx.out().error("This namespace is not available");
            return;
        }
        try {
            all.create(name);
        } catch (StorageException e) {
            ctx.out().error("Could not create namespace");
            return;
        }
        ctx.out().status("OK");
    }

    static void nsdel(CommandContext ctx) {
        if (!ctx.adminAuthorized() || !ctx.validate(2) || !ctx.namespaceArgument(1)) {
            return;
        }
        String name = ctx.argString(1);
        if (name.equals(DEFAULT)) {
            ctx.out().error("Cannot remove default namespace");
            return;
        }
        Namespaces all = ctx.server().namespaces();
        Namespace ns = all.get(name);
        if (ns == null) {
            ctx.out().error("This namespace doesn't exists");
            return;
        }
        if (ctx.ns() == ns) {
            ctx.out().error("Cannot remove namespace you're currently using.");
            return;
        }
        // clients still inside it are told on their next command, then disconnected
        for (ClientState c : ctx.server().clients()) {
            if (c.namespace == ns) {
                c.namespace = null;
            }
        }
        try {
            all.delete(ns);
        } catch (StorageException e) {
            ctx.out().error("Could not delete this namespace");
            return;
        }
        ctx.out().status("OK");
    }

    /** SELECT namespace [password | SECURE sha1(nonce:password)]. */
    static void select(CommandContext ctx) {
        if (ctx.argc() < 2) {
            ctx.out().error("Invalid argument");
            return;
        }
        if (!ctx.namespaceArgument(1)) {
            return;
        }
        Namespace ns = ctx.server().namespaces().get(ctx.argString(1));
        if (ns == null) {
            ctx.out().error("Namespace not found");
            return;
        }
        boolean writable = true;
        String password = ns.password();
        if (password != null) {
            if (ctx.argc() < 3) {
                if (!ns.isPublic()) {
                    ctx.out().error("Namespace protected and private");
                    return;
                }
                writable = false; // public namespaces are readable by anyone, writable by owners
            } else if (ctx.argc() > 4) {
                ctx.out().error("Too many arguments");
                return;
            } else if (ctx.argc() == 3) {
                if (ctx.arg(2).length > 255) {
                    ctx.out().error("Password too long");
                    return;
                }
                if (!password.equals(ctx.argString(2))) {
                    ctx.out().error("Access denied");
                    return;
                }
            } else if (!secureGranted(ctx, password)) {
                return;
            }
        }
        ctx.client().namespace = ns;
        ctx.client().writable = writable;
        ctx.out().status("OK");
    }

    private static boolean secureGranted(CommandContext ctx, String password) {
        if (!AuthCommands.asciiPrefixIgnoreCase(ctx.arg(2), "SECURE")) {
            ctx.out().error("Only SECURE extra method supported");
            return false;
        }
        String nonce = ctx.client().nonce;
        if (nonce == null) {
            ctx.out().error("No CHALLENGE requested, secure authentication not available");
            return false;
        }
        if (ctx.arg(3).length != AuthCommands.SHA1_HEX_LENGTH) {
            ctx.out().error("Invalid hash length");
            return false;
        }
        if (!AuthCommands.hashPassword(nonce, password).equals(ctx.argString(3))) {
            ctx.out().error("Access denied");
            return false;
        }
        return true;
    }

    static void nslist(CommandContext ctx) {
        var list = ctx.server().namespaces().list();
        ctx.out().arrayHeader(list.size());
        for (Namespace ns : list) {
            ctx.out().bulk(ns.name());
        }
    }

    static void nsinfo(CommandContext ctx) {
        if (!ctx.validate(2) || !ctx.namespaceArgument(1)) {
            return;
        }
        Namespace ns = ctx.server().namespaces().get(ctx.argString(1));
        if (ns == null) {
            ctx.out().error("Namespace not found");
            return;
        }
        ctx.out().bulk(NamespaceInfo.render(ns, ctx.client().isAdmin()));
    }

    /** NSSET namespace property value. */
    static void nsset(CommandContext ctx) {
        if (!ctx.adminAuthorized() || !ctx.validate(4) || !ctx.namespaceArgument(1)
                || !ctx.notOverflow(2, CommandContext.COMMAND_MAXLEN) || !ctx.notOverflow(3, 63)) {
            return;
        }
        String target = ctx.argString(1);
        String property = ctx.argString(2);
        String value = ctx.argString(3);
        Namespace ns = ctx.server().namespaces().get(target);
        if (ns == null) {
            ctx.out().error("Namespace not found");
            return;
        }
        boolean on = value.startsWith("1");
        switch (property) {
            case "mode" -> {
                if (!switchMode(ctx, ns, value)) {
                    return;
                }
            }
            case "lock" -> ns.setLock(on ? NamespaceLock.READ_ONLY : NamespaceLock.UNLOCKED);
            case "freeze" -> ns.setLock(on ? NamespaceLock.READ_WRITE : NamespaceLock.UNLOCKED);
            default -> {
                if (target.equals(DEFAULT)) {
                    ctx.out().error("Cannot update default namespace");
                    return;
                }
                switch (property) {
                    case "maxsize" -> ns.setMaxSize(Math.max(0, CNumbers.atoll(ctx.arg(3))));
                    case "password" -> ns.setPassword(value.equals("*") ? null : value);
                    case "public" -> ns.setPublic(on);
                    case "worm" -> ns.setWorm(on);
                    default -> {
                        ctx.out().error("Invalid property");
                        return;
                    }
                }
            }
        }
        try {
            ns.commit();
        } catch (StorageException e) {
            ctx.out().error(e.getMessage());
            return;
        }
        ctx.out().status("OK");
    }

    private static boolean switchMode(CommandContext ctx, Namespace ns, String value) {
        if (ctx.server().config().mode() != ZdbConfig.Mode.MIXED) {
            ctx.out().error("This server instance is configured to use a single runtime mode");
            return false;
        }
        if (!ns.isFresh()) {
            ctx.out().error("Cannot change mode of used namespace");
            return false;
        }
        IndexMode mode;
        if (value.equals("user")) {
            mode = IndexMode.USER;
        } else if (value.equals("seq")) {
            mode = IndexMode.SEQUENTIAL;
        } else {
            ctx.out().error("Invalid property value (expected: user, seq)");
            return false;
        }
        try {
            ns.switchMode(mode);
        } catch (StorageException e) {
            ctx.out().error(e.getMessage());
            return false;
        }
        return true;
    }

    static void nsjump(CommandContext ctx) {
        if (!ctx.adminAuthorized()) {
            return;
        }
        try {
            ctx.ns().jump();
        } catch (StorageException e) {
            ctx.out().error(e.getMessage());
            return;
        }
        ctx.out().status("OK");
    }

    static void dbsize(CommandContext ctx) {
        ctx.out().integer(ctx.ns().index().entries());
    }

    static void reload(CommandContext ctx) {
        if (!ctx.adminAuthorized() || !ctx.validate(2) || !ctx.namespaceArgument(1)) {
            return;
        }
        Namespace ns = ctx.server().namespaces().get(ctx.argString(1));
        if (ns == null) {
            ctx.out().error("Namespace not found");
            return;
        }
        try {
            ns.reload();
        } catch (StorageException e) {
            ctx.out().error(e.getMessage());
            return;
        }
        ctx.out().status("OK");
    }

    /** FLUSH: empties the selected namespace; only a private, password-protected one. */
    static void flush(CommandContext ctx) {
        Namespace ns = ctx.ns();
        if (ns.isPublic() || ns.password() == null) {
            ctx.out().error("Flushing public namespace denied");
            return;
        }
        try {
            ns.flush();
        } catch (StorageException e) {
            ctx.out().error("Internal Server Error");
            return;
        }
        ctx.out().status("OK");
    }

    /** Free bytes of the file system holding {@code path}, or -1 when it cannot be asked. */
    static long freeSpace(Path path) {
        try {
            FileStore store = Files.getFileStore(path);
            return store.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
