// 文书设置: organ, number sequences, signing organ and date, 主送/抄送,
// 印发机关, contact person and telephone (a letter is refused while they are
// unset), where rectification is reported and by when, the order of units
// in the notice, and the fonts with their fall-backs.
import { useEffect } from 'react';
import { Button, Col, Divider, Drawer, Form, Input, InputNumber, Radio, Row, Space } from 'antd';
import type { DocumentSettings } from '../../../shared/ipc/contract-documents.ts';
import { useAction, useQuery } from '../api.ts';
import { EditButton } from '../lock.tsx';
import { QueryError } from '../components/common.tsx';
import { useAppState } from '../context.ts';

const FONT_ROLES = [
  { key: 'title', label: '标题' },
  { key: 'body', label: '正文' },
  { key: 'heading1', label: '一级标题（一、）' },
  { key: 'heading2', label: '二级标题（（一））' },
  { key: 'pageNumber', label: '页码' },
] as const;

const text = (name: keyof DocumentSettings, label: string, opts: { required?: boolean; max: number; testId?: string; placeholder?: string; span?: number } = { max: 60 }) => (
  <Col span={opts.span ?? 12} key={name}>
    <Form.Item name={name} label={label} rules={opts.required ? [{ required: true, whitespace: true, message: `请填写${label}` }] : []}>
      <Input maxLength={opts.max} placeholder={opts.placeholder} data-testid={opts.testId ?? `set-${name}`} />
    </Form.Item>
  </Col>
);

export function SettingsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { cycle } = useAppState();
  const run = useAction();
  const q = useQuery('getDocumentSettings', open ? { cycleId: cycle.id } : null);
  const [form] = Form.useForm<DocumentSettings>();
  useEffect(() => {
    if (q.data && open) form.setFieldsValue(q.data);
  }, [q.data, open, form]);

  const save = async () => {
    const v = await form.validateFields();
    const settings = { ...q.data!, ...v, signDate: v.signDate ? v.signDate : null };
    if (await run('saveDocumentSettings', { cycleId: cycle.id, settings }, { success: '文书设置已保存', modal: true, failure: '文书设置未保存' })) onClose();
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title="文书设置"
      size={760}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <EditButton scope="documents" testId="settings-save" type="primary" onClick={() => void save()}>
            保存
          </EditButton>
        </Space>
      }
    >
      <QueryError error={q.error} onRetry={q.reload} />
      <Form form={form} layout="vertical" requiredMark={false} data-testid="settings-form">
        <Row gutter={16}>
          {text('organ', '发文机关', { required: true, max: 60 })}
          {text('organMark', '发文机关标志（通报）', { required: true, max: 60, placeholder: '中共××县委组织部文件' })}
          {text('noticePrefix', '通报发文字号前缀', { required: true, max: 20, placeholder: '×组通' })}
          <Col span={12}>
            <Form.Item name="noticeNext" label="通报下一个编号" rules={[{ required: true }]}>
              <InputNumber min={1} max={99999} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {text('letterPrefix', '反馈函发文字号前缀', { required: true, max: 20, placeholder: '×考办函' })}
          <Col span={12}>
            <Form.Item name="letterNext" label="反馈函下一个编号" rules={[{ required: true }]}>
              <InputNumber min={1} max={99999} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {text('signingOrgan', '署名机关', { required: true, max: 60 })}
          <Col span={12}>
            <Form.Item name="signDate" label="成文日期" extra="留空则为生成当天" rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: '日期格式应为 YYYY-MM-DD' }]}>
              <Input placeholder="YYYY-MM-DD" data-testid="set-signDate" />
            </Form.Item>
          </Col>
          {text('mainRecipients', '主送机关', { max: 300, span: 24 })}
          {text('copyTo', '抄送', { max: 300, span: 24 })}
          {text('printOrgan', '印发机关', { max: 60 })}
          {text('reportTo', '整改情况报送至', { required: true, max: 60 })}
          {text('contactPerson', '联系人', { max: 20 })}
          {text('contactPhone', '联系电话', { max: 30 })}
          <Col span={12}>
            <Form.Item name="rectifyMonths" label="整改期限（成文后月数）" rules={[{ required: true }]}>
              <InputNumber min={1} max={12} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="gradeOrder" label="通报中同一等次的单位排序">
              <Radio.Group options={[{ value: 'score', label: '按得分' }, { value: 'stroke', label: '按姓氏笔画' }]} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">字体（本机没有时使用替代字体）</Divider>
        {FONT_ROLES.map((f) => (
          <Row gutter={16} key={f.key}>
            <Col span={8} style={{ paddingTop: 6 }}>
              {f.label}
            </Col>
            <Col span={8}>
              <Form.Item name={['fonts', f.key, 'name']} rules={[{ required: true, message: '请填写字体' }]}>
                <Input placeholder="字体" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name={['fonts', f.key, 'fallback']}>
                <Input placeholder="替代字体" />
              </Form.Item>
            </Col>
          </Row>
        ))}
      </Form>
    </Drawer>
  );
}
