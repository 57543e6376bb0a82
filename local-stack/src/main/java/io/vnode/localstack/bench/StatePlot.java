package io.vnode.localstack.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** A PNG line chart of pods by state over time (headless Java2D, no plotting library). */
public final class StatePlot {

    private StatePlot() {
    }

    /** samples: seconds since start -> (state -> pods). */
    public static void write(Path file, String title, List<Map.Entry<Double, Map<String, Integer>>> samples,
                             List<String> states) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 900;
        int h = 500;
        int left = 70;
        int right = 160;
        int top = 40;
        int bottom = 50;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double maxT = samples.isEmpty() ? 1 : Math.max(1, samples.get(samples.size() - 1).getKey());
        int maxY = 1;
        for (var s : samples) {
            for (int v : s.getValue().values()) {
                maxY = Math.max(maxY, v);
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawLine(left, h - bottom, w - right, h - bottom);
        g.drawLine(left, top, left, h - bottom);
        for (int i = 0; i <= 5; i++) {
            int y = h - bottom - i * (h - top - bottom) / 5;
            g.drawString(Integer.toString(maxY * i / 5), 8, y + 4);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left + 1, y, w - right, y);
            g.setColor(Color.BLACK);
            int x = left + i * (w - left - right) / 5;
            g.drawString(String.format("%.0fs", maxT * i / 5), x - 8, h - bottom + 18);
        }
        g.drawString("time since the burst started", (w - right) / 2 - 40, h - 12);
        Color[] palette = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b)};
        g.setStroke(new BasicStroke(2f));
        for (int si = 0; si < states.size(); si++) {
            String state = states.get(si);
            g.setColor(palette[si % palette.length]);
            int px = -1;
            int py = -1;
            for (var s : samples) {
                int x = left + (int) (s.getKey() / maxT * (w - left - right));
                int y = h - bottom - (int) ((double) s.getValue().getOrDefault(state, 0) / maxY * (h - top - bottom));
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.fillRect(w - right + 15, top + 10 + si * 20, 12, 12);
            g.drawString(state, w - right + 32, top + 21 + si * 20);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
