/**
 * One ECharts chart as a component: created on its element once mounted, given each new option,
 * resized with its box, disposed when it goes. `data-charts-rendered` is set once ECharts has
 * finished drawing, so tests and the print view wait on it rather than on time.
 */
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { init, type ReviewChartOption } from './echarts-setup';

export interface EChartProps {
  option: ReviewChartOption;
  /** 'svg' for print: vector output that scales on paper. */
  renderer?: 'canvas' | 'svg';
  testId: string;
  height?: number;
}

export function EChart({ option, renderer = 'canvas', testId, height = 280 }: EChartProps): JSX.Element {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = init(el, null, { renderer });
    chart.current = instance;
    instance.on('finished', () => {
      el.dataset.chartsRendered = 'true';
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [renderer]);

  useEffect(() => {
    // A new option replaces the old one whole: a tab with fewer rows leaves no stale bars behind.
    chart.current?.setOption(option, { notMerge: true });
  }, [option, renderer]);

  return <div ref={box} class="review-chart" data-testid={testId} style={{ height: `${height}px` }} />;
}
