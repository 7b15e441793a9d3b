package org.qsfs.app.ui.tray;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import org.qsfs.app.control.DriveState;

/**
 * The tray icon for each state: the project's icons (icons/, copied to
 * org/qsfs/app/icons/tray-STATE-SIZE.png), the smallest size at least as large as asked;
 * drawn (a drive with a coloured dot) only if a PNG is missing.
 */
public final class TrayIcons {
    static final int[] SIZES = {16, 22, 24, 32, 48, 64};

    private TrayIcons() {
    }

    public static BufferedImage image(DriveState s, int size) {
        int pick = SIZES[SIZES.length - 1];
        for (int z : SIZES) {
            if (z >= size) {
                pick = z;
                break;
            }
        }
        String name = "/org/qsfs/app/icons/tray-" + s.name().toLowerCase(java.util.Locale.ROOT) + "-" + pick + ".png";
        try (java.io.InputStream in = TrayIcons.class.getResourceAsStream(name)) {
            if (in != null) {
                BufferedImage img = javax.imageio.ImageIO.read(in);
                if (img != null) {
                    return img;
                }
            }
        } catch (java.io.IOException e) {
            // fall back to drawing it
        }
        return drawn(s, size);
    }

    public static Color colour(DriveState s) {
        return switch (s) {
            case OK -> new Color(0x16a34a);
            case SYNCING -> new Color(0x2563eb);
            case DEGRADED -> new Color(0xd97706);
            case ERROR -> new Color(0xdc2626);
        };
    }

    static BufferedImage drawn(DriveState s, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            float u = size / 16f;
            g.setColor(new Color(0x334155));
            g.fill(new RoundRectangle2D.Float(1 * u, 4 * u, 14 * u, 8 * u, 3 * u, 3 * u));
            g.setColor(new Color(0xe2e8f0));
            g.setStroke(new BasicStroke(Math.max(1f, u)));
            g.drawLine(Math.round(3 * u), Math.round(9.5f * u), Math.round(8 * u), Math.round(9.5f * u));
            g.setColor(colour(s));
            g.fill(new Ellipse2D.Float(9.5f * u, 6.5f * u, 4.5f * u, 4.5f * u));
        } finally {
            g.dispose();
        }
        return img;
    }
}
