# tests/bench/time-to-mount.gp: time to mount per scenario, cifs-af beside
# Debian's cifs-utils 7.0, from the data tests/bench/report.py writes.
#   gnuplot -e "datafile='OUT/time-to-mount.dat'; outfile='OUT/time-to-mount.png'; subtitle='...'" time-to-mount.gp
# Bars are medians, whiskers min and max.  A red cifs-utils bar is a mount
# that failed: its height is the time to failure.  The y axis is
# logarithmic: the cases worth a look differ by a factor of 30.
if (!exists("datafile")) datafile = 'time-to-mount.dat'
if (!exists("outfile")) outfile = 'time-to-mount.png'
if (!exists("subtitle")) subtitle = ''

set terminal pngcairo size 1000,560 font 'sans,10'
set output outfile
set datafile separator "\t"
# (No backquotes in these strings: gnuplot would run them as commands.)
set title "Time from starting mount -t cifs to a readable mount\n{/*0.8 ".subtitle."}"
set ylabel 'seconds (log scale)'
set logscale y
set yrange [0.1:60]
set ytics (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50)
set grid ytics
set xtics nomirror
set key top left
set style fill solid 0.85 border -1
set boxwidth 0.36
set xrange [-0.6:*]

# Boxes up to the median, then a whisker from min to max drawn as a
# vector (yerrorbars would also put a point on the median).
plot datafile using ($0-0.19):2:xtic(1) with boxes lc rgb '#27ae60' title 'cifs-af', \
     '' using ($0+0.19):5:8 with boxes lc rgb variable title 'cifs-utils 7.0 (red: the mount fails)', \
     '' using ($0-0.19):3:(0):($4-$3) with vectors nohead lw 1.5 lc rgb 'black' notitle, \
     '' using ($0+0.19):6:(0):($7-$6) with vectors nohead lw 1.5 lc rgb 'black' notitle, \
     '' using ($0-0.19):($4*1.2):10 with labels font ',8' notitle, \
     '' using ($0+0.19):($7*1.2):9 with labels font ',8' notitle
