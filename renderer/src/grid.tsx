// AG Grid Community set up once: all community modules, the Quartz theme
// (Theming API) in the application's colours, compact rows, Chinese locale.
import { useCallback, useState, type Ref } from 'react';
import { AllCommunityModule, ModuleRegistry, themeQuartz, type ColDef, type ValueFormatterParams } from 'ag-grid-community';
import { AgGridReact, type AgGridReactProps } from 'ag-grid-react';
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import { fmtDate, fmtNum } from './format.ts';

ModuleRegistry.registerModules([AllCommunityModule]);

export const FONT_FAMILY = [
  '-apple-system',
  'BlinkMacSystemFont',
  '"Segoe UI"',
  '"Microsoft YaHei"',
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Noto Sans CJK SC"',
  '"Source Han Sans SC"',
  '"WenQuanYi Micro Hei"',
  'sans-serif',
].join(', ');

export const gridTheme = themeQuartz.withParams({
  fontFamily: FONT_FAMILY,
  fontSize: 13,
  headerFontSize: 13,
  headerFontWeight: 600,
  rowHeight: 32,
  headerHeight: 36,
  spacing: 6,
  accentColor: '#1d4f91',
  foregroundColor: '#1f2329',
  headerBackgroundColor: '#f3f5f8',
  headerTextColor: '#303640',
  borderColor: '#dfe3e8',
  rowBorder: { color: '#eceff3' },
  columnBorder: { color: '#eceff3' },
  headerColumnBorder: { color: '#dfe3e8' },
  oddRowBackgroundColor: '#fbfcfd',
  selectedRowBackgroundColor: '#e8f0fb',
  wrapperBorderRadius: 4,
  borderRadius: 3,
  cellHorizontalPadding: 10,
  // flashCells (a deep link marking the cells it leads to)
  valueChangeValueHighlightBackgroundColor: '#b9d0f0',
});

export const gridLocale: Record<string, string> = AG_GRID_LOCALE_CN;

export type GridProps<T> = AgGridReactProps<T> & {
  testId?: string;
  /** a fixed height, or 'fill' (default): down to the bottom of the window less `bottomGap` */
  height?: number | string;
  bottomGap?: number;
  minHeight?: number;
  className?: string;
  ref?: Ref<AgGridReact<T>>;
};

/**
 * The height that takes an element from where it is down to the bottom of
 * the window, less `gap`; follows window resizes and layout changes above it.
 */
export function useFillHeight(gap: number, min: number): [(el: HTMLElement | null) => void, number] {
  const [height, setHeight] = useState(400);
  const attach = useCallback(
    (el: HTMLElement | null) => {
      if (!el) return;
      const measure = () => {
        const top = el.getBoundingClientRect().top;
        setHeight(Math.max(min, Math.floor(window.innerHeight - top - gap)));
      };
      const frame = requestAnimationFrame(measure);
      const ro = new ResizeObserver(() => measure());
      const scope = el.closest('.page') ?? document.body;
      ro.observe(scope);
      window.addEventListener('resize', measure);
      return () => {
        cancelAnimationFrame(frame);
        ro.disconnect();
        window.removeEventListener('resize', measure);
      };
    },
    [gap, min],
  );
  return [attach, height];
}

/** An AG Grid with the application's theme, locale and defaults. */
export function Grid<T>({ testId, height = 'fill', bottomGap = 36, minHeight = 240, className, ref, defaultColDef, ...props }: GridProps<T>) {
  const [attach, fillHeight] = useFillHeight(bottomGap, minHeight);
  return (
    <div className={`grid-wrap ${className ?? ''}`} data-testid={testId} style={{ height: height === 'fill' ? fillHeight : height }} ref={height === 'fill' ? attach : undefined}>
      <AgGridReact<T>
        ref={ref}
        theme={gridTheme}
        localeText={gridLocale}
        animateRows={false}
        suppressDragLeaveHidesColumns
        ensureDomOrder
        tooltipShowDelay={400}
        defaultColDef={{ resizable: true, sortable: false, suppressHeaderMenuButton: true, cellDataType: false, ...defaultColDef }}
        {...props}
      />
    </div>
  );
}

/** A right-aligned number column with fixed decimals. */
export function numCol<T>(colDef: ColDef<T>, decimals = 2): ColDef<T> {
  return {
    type: 'rightAligned',
    width: 100,
    valueFormatter: (p: ValueFormatterParams<T>) => (typeof p.value === 'number' ? fmtNum(p.value, decimals) : ''),
    ...colDef,
  };
}

/** A right-aligned integer column. */
export function intCol<T>(colDef: ColDef<T>): ColDef<T> {
  return numCol(colDef, 0);
}

export function dateCol<T>(colDef: ColDef<T>): ColDef<T> {
  return {
    width: 110,
    valueFormatter: (p: ValueFormatterParams<T>) => fmtDate(typeof p.value === 'string' ? p.value : null),
    ...colDef,
  };
}
