// 主要成绩与存在问题 of one unit's letter: the office writes them; the
// engine's biggest losses are offered as a starting list (never printed by
// themselves). Each problem becomes a row of the rectification ledger when
// the letter is issued.
import { useState } from 'react';
import { Button, Drawer, Empty, Input, List, Popconfirm, Segmented, Space, Tag, Typography } from 'antd';
import { BulbOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { OutputOf } from '../../../shared/ipc/contract.ts';
import { useAction, useQuery } from '../api.ts';
import { EditButton } from '../lock.tsx';
import { useAppState } from '../context.ts';
import { fmtNum } from '../format.ts';

type Item = OutputOf<'listFeedbackItems'>[number];
type Kind = 'strength' | 'problem';
const KIND_LABELS: Record<Kind, string> = { strength: '主要成绩', problem: '存在问题' };

export function FeedbackItemsDrawer({ unit, onClose }: { unit: { id: number; name: string } | null; onClose: () => void }) {
  const { cycle } = useAppState();
  const run = useAction();
  const items = useQuery('listFeedbackItems', unit ? { cycleId: cycle.id, unitId: unit.id } : null);
  const [showSuggest, setShowSuggest] = useState(false);
  const suggestions = useQuery('suggestFeedbackItems', unit && showSuggest ? { cycleId: cycle.id, unitId: unit.id } : null);
  const [kind, setKind] = useState<Kind>('problem');
  const [editing, setEditing] = useState<Item | null>(null);
  const [textValue, setText] = useState('');
  const [requirement, setRequirement] = useState('');

  const reset = () => {
    setEditing(null);
    setText('');
    setRequirement('');
  };
  const save = async (input: { kind: Kind; text: string; requirement?: string; id?: number }) => {
    if (!unit) return;
    const ok = await run('saveFeedbackItem', { cycleId: cycle.id, unitId: unit.id, ...input }, { success: '已保存', modal: true });
    if (ok) reset();
  };
  const existing = new Set((items.data ?? []).map((i) => i.text));

  return (
    <Drawer open={unit !== null} onClose={() => (reset(), setShowSuggest(false), onClose())} size={720} title={unit ? `${unit.name}：主要成绩与存在问题` : ''} destroyOnHidden>
      {(['strength', 'problem'] as const).map((k) => {
        const list = (items.data ?? []).filter((i) => i.kind === k);
        return (
          <div key={k} style={{ marginBottom: 16 }}>
            <Typography.Title level={5}>{KIND_LABELS[k]}</Typography.Title>
            {list.length === 0 ? (
              <Typography.Text type="secondary">{k === 'problem' ? '还没有写问题：反馈函中不列“存在问题”，也不会形成整改台账。' : '还没有写成绩。'}</Typography.Text>
            ) : (
              <List
                size="small"
                bordered
                dataSource={list}
                data-testid={`items-${k}`}
                renderItem={(i, n) => (
                  <List.Item
                    actions={[
                      <EditButton key="e" scope="documents" testId={`item-edit-${i.id}`} type="link" size="small" icon={<EditOutlined />} onClick={() => (setEditing(i), setKind(i.kind), setText(i.text), setRequirement(i.requirement))} />,
                      <Popconfirm key="d" title="删除这一条？" okText="删除" cancelText="取消" onConfirm={() => void run('deleteFeedbackItem', { id: i.id }, { success: '已删除' })}>
                        <EditButton scope="documents" testId={`item-delete-${i.id}`} type="link" size="small" danger icon={<DeleteOutlined />} />
                      </Popconfirm>,
                    ]}
                  >
                    <div>
                      <div>
                        {n + 1}. {i.text}
                      </div>
                      {i.requirement ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>整改要求：{i.requirement}</Typography.Text> : null}
                    </div>
                  </List.Item>
                )}
              />
            )}
          </div>
        );
      })}
      <div className="panel" style={{ background: '#f8fafc' }}>
        <div className="panel-title">{editing ? '修改' : '新增'}</div>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Segmented value={kind} onChange={(v) => setKind(v as Kind)} options={[{ value: 'problem', label: '存在问题' }, { value: 'strength', label: '主要成绩' }]} data-testid="item-kind" />
          <Input.TextArea rows={3} maxLength={1000} placeholder={kind === 'problem' ? '问题表述' : '成绩表述'} value={textValue} onChange={(e) => setText(e.target.value)} data-testid="item-text" />
          {kind === 'problem' ? <Input.TextArea rows={2} maxLength={1000} placeholder="整改要求（可选）" value={requirement} onChange={(e) => setRequirement(e.target.value)} data-testid="item-requirement" /> : null}
          <Space>
            <EditButton scope="documents" testId="item-save" type="primary" icon={<PlusOutlined />} disabled={!textValue.trim()} onClick={() => void save({ kind, text: textValue.trim(), ...(kind === 'problem' ? { requirement: requirement.trim() } : {}), ...(editing ? { id: editing.id } : {}) })}>
              {editing ? '保存修改' : '添加'}
            </EditButton>
            {editing ? <Button onClick={reset}>取消修改</Button> : null}
            <Button icon={<BulbOutlined />} onClick={() => setShowSuggest(true)} data-testid="btn-suggest">
              参考失分较多的指标
            </Button>
          </Space>
        </Space>
      </div>
      {showSuggest ? (
        <div className="panel">
          <div className="panel-title">失分较多的指标（仅供参考，采用后可修改）</div>
          {suggestions.error ? <Typography.Text type="danger">{suggestions.error}</Typography.Text> : null}
          {suggestions.data && suggestions.data.length === 0 ? <Empty description="没有失分的指标" /> : null}
          <List
            size="small"
            loading={suggestions.loading && !suggestions.data}
            dataSource={suggestions.data ?? []}
            data-testid="suggestions"
            renderItem={(s, n) => (
              <List.Item
                actions={[
                  existing.has(s.text) ? (
                    <Tag key="u">已采用</Tag>
                  ) : (
                    <EditButton key="a" scope="documents" testId={`suggest-use-${n}`} type="link" size="small" onClick={() => void save({ kind: 'problem', text: s.text })}>
                      采用
                    </EditButton>
                  ),
                ]}
              >
                <span>
                  <Tag>{s.indicatorCode}</Tag>
                  {s.text}
                  <Typography.Text type="danger" style={{ marginLeft: 6 }}>
                    失 {fmtNum(s.lost)} 分
                  </Typography.Text>
                </span>
              </List.Item>
            )}
          />
        </div>
      ) : null}
    </Drawer>
  );
}
