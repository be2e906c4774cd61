/** @module A uPlot chart in React: created on mount, resized with its box, redrawn when data changes. */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface UPlotChartProps {
  readonly options: Omit<uPlot.Options, 'width' | 'height'>;
  readonly data: uPlot.AlignedData;
  readonly height?: number;
  readonly label: string;
}

export function UPlotChart({ options, data, height = 220, label }: UPlotChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  useEffect(() => {
    const el = box.current!;
    chart.current = new uPlot({ ...options, width: el.clientWidth || 480, height }, data, el);
    const observer = new ResizeObserver(() => chart.current?.setSize({ width: el.clientWidth || 480, height }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [options]);
  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);
  return <div ref={box} className="uplot-box" role="img" aria-label={label} />;
}
