package dev.sandboxemulator.bench.report;

import dev.sandboxemulator.bench.Experiment;
import dev.sandboxemulator.bench.Point;
import dev.sandboxemulator.bench.Unit;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.Map;

/**
 * Draws an experiment whose rows are numbers as a PNG: one line per series through the medians, a bar
 * from the lowest to the highest sample at each point. References (series named {@code floor: ...})
 * are dashed, so the eye finds the floor at once, and series done by hand are dotted. The parameter's axis turns logarithmic when it spans
 * more than a factor of 30 (file counts, clients); the time axis stays linear, so that how cost grows
 * reads at a glance, unless its values span more than a factor of 1,000.
 */
final class Plots {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0x17becf), new Color(0xbcbd22),
    };

    private Plots() {
    }

    /** Whether an experiment can be drawn: at least two numeric rows. */
    static boolean drawable(List<Point> points) {
        return points.stream().filter(p -> !Double.isNaN(p.x())).map(Point::x).distinct().count() >= 2;
    }

    static void draw(Experiment experiment, String title, List<Point> points, Path file) throws IOException {
        Map<String, YIntervalSeries> lines = new LinkedHashMap<>();
        for (Point point : points) {
            if (Double.isNaN(point.x())) {
                continue;
            }
            var stats = point.stats();
            lines.computeIfAbsent(point.series(), YIntervalSeries::new).add(point.x(), stats.median(), stats.min(), stats.max());
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        lines.values().forEach(data::addSeries);

        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        renderer.setDrawXError(false);
        renderer.setCapLength(6);
        // with several engines on one plot, an engine keeps one colour and its series differ by stroke
        List<String> colourKeys = lines.keySet().stream().map(Plots::colourKey).distinct().toList();
        boolean byEngine = colourKeys.stream().filter(Targets.ENGINES::contains).count() > 1;
        int index = 0;
        for (String series : lines.keySet()) {
            int colour = byEngine ? colourKeys.indexOf(colourKey(series)) : index;
            renderer.setSeriesPaint(index, PALETTE[colour % PALETTE.length]);
            renderer.setSeriesStroke(index, stroke(series));
            index++;
        }
        renderer.setErrorPaint(Color.GRAY);

        XYPlot plot = new XYPlot(data, axis(experiment.rowName(), data, true, 30), axis(yLabel(experiment.unit()), data, false, 1000),
                renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    /** References are dashed; what a user would do by hand is dotted; what the emulator does is solid. */
    private static BasicStroke stroke(String series) {
        if (series.startsWith("floor")) {
            return new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f);
        }
        if (series.endsWith("by hand")) {
            return new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {2f, 5f}, 0f);
        }
        return new BasicStroke(2f);
    }

    /** The engine a series belongs to (its first word when that names an engine), else the series itself. */
    private static String colourKey(String series) {
        return Targets.ENGINES.stream().filter(e -> series.startsWith(e + " ")).findFirst().orElse(series);
    }

    private static String yLabel(Unit unit) {
        return unit.axisLabel() + " (median; bars: lowest to highest)";
    }

    private static ValueAxis axis(String label, YIntervalSeriesCollection data, boolean domain, double logAbove) {
        double low = Double.MAX_VALUE;
        double high = 0;
        TreeSet<Double> xs = new TreeSet<>();
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                double value = domain ? data.getXValue(s, i) : data.getYValue(s, i);
                xs.add(data.getXValue(s, i));
                if (value > 0) {
                    low = Math.min(low, domain ? value : data.getStartYValue(s, i));
                    high = Math.max(high, domain ? value : data.getEndYValue(s, i));
                }
            }
        }
        boolean log = high > 0 && high / low > logAbove;
        ValueAxis axis;
        if (domain) {
            // the parameter's axis is labelled at the values measured (1, 8, 64 clients), not at round numbers
            axis = log ? new LogAxis(label) {
                @Override
                public List<ValueTick> refreshTicks(Graphics2D g2, AxisState state, Rectangle2D area, RectangleEdge edge) {
                    return ticksAt(xs);
                }
            } : new NumberAxis(label) {
                @Override
                public List<ValueTick> refreshTicks(Graphics2D g2, AxisState state, Rectangle2D area, RectangleEdge edge) {
                    return ticksAt(xs);
                }
            };
        } else {
            axis = log ? new LogAxis(label) : new NumberAxis(label);
        }
        if (axis instanceof LogAxis logAxis) {
            logAxis.setSmallestValue(low / 2);
            logAxis.setBase(10);
            // ticks at powers of ten only: fractional exponents label the axis with numbers like 15,848.932
            logAxis.setAutoTickUnitSelection(false);
            logAxis.setTickUnit(new NumberTickUnit(1));
            logAxis.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
            logAxis.setLowerBound(low / 1.5);
            logAxis.setUpperBound(high * 1.5);
        } else {
            ((NumberAxis) axis).setAutoRangeIncludesZero(true);
        }
        return axis;
    }

    private static List<ValueTick> ticksAt(TreeSet<Double> values) {
        DecimalFormat format = new DecimalFormat("#,##0.###");
        List<ValueTick> ticks = new ArrayList<>();
        for (double value : values) {
            ticks.add(new NumberTick(value, format.format(value), TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0));
        }
        return ticks;
    }
}
