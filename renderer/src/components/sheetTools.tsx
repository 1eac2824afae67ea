// The toolbar pieces every editable sheet shows alike (score grid, row sheets,
// tallies): the legend of the cell colours and the undo / redo buttons.
import { Button, Space, Tooltip } from 'antd';
import { RedoOutlined, UndoOutlined } from '@ant-design/icons';

/** The colours of the cells: 未填 (where counted), 未保存, 有误 with the count of problems. */
export function SheetLegend({ missing, problems }: { missing?: number; problems: number }) {
  return (
    <Space size={14} className="legend-bar">
      {missing !== undefined ? (
        <span className="legend">
          <span className="legend-swatch legend-missing" />
          未填{missing > 0 ? ` ${missing}` : ''}
        </span>
      ) : null}
      <span className="legend">
        <span className="legend-swatch legend-dirty" />
        未保存
      </span>
      <span className="legend">
        <span className="legend-swatch legend-invalid" />
        有误{problems > 0 ? ` ${problems}` : ''}
      </span>
    </Space>
  );
}

/** 撤销 / 恢复 of a sheet's unsaved edits (Ctrl+Z / Ctrl+Y do the same: useUndoKeys). */
export function UndoRedoButtons({ edits, locked, testIds }: { edits: { canUndo: boolean; canRedo: boolean; undo(): void; redo(): void }; locked: boolean; testIds?: { undo: string; redo?: string } }) {
  return (
    <>
      <Tooltip title="撤销（Ctrl+Z）">
        <Button data-testid={testIds?.undo} icon={<UndoOutlined />} disabled={locked || !edits.canUndo} onClick={() => edits.undo()} aria-label="撤销" />
      </Tooltip>
      <Tooltip title="恢复（Ctrl+Y）">
        <Button data-testid={testIds?.redo} icon={<RedoOutlined />} disabled={locked || !edits.canRedo} onClick={() => edits.redo()} aria-label="恢复" />
      </Tooltip>
    </>
  );
}
