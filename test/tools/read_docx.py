#!/usr/bin/python3
"""Print a .docx as JSON, for tests of generated documents.

Run with Debian's interpreter, which has python-docx:

    /usr/bin/python3 test/tools/read_docx.py letter.docx

Output:
  properties  title, author
  settings    even_and_odd_headers (w:evenAndOddHeaders)
  sections    page size and margins in mm, and the text of each header/footer
              ("default" = odd pages when even_and_odd_headers, "even", "first";
              null when the section does not define it)
  paragraphs  the body's paragraphs (not those in tables): text, style, alignment,
              first-line indent and line spacing, and runs
  tables      the body's tables: rows of cell texts, header rows, column widths,
              the fonts and sizes used and which rows are all bold
Each body paragraph and table has "block", its position in the body.

Run properties are the effective ones: direct formatting, then the character
style, the paragraph style (with its basedOn chain) and the document defaults.
Table styles and themes are not resolved (a theme font is shown as "theme:NAME").
A field shows as its instruction in braces, e.g. "— {PAGE} —", without its
cached result.
"""

import json
import sys

from docx import Document
from docx.oxml.ns import qn

EMU_PER_MM = 36000


def mm(length):
    return None if length is None else round(length / EMU_PER_MM, 2)


def on_off(el):
    """w:b and friends: present means on unless w:val says otherwise."""
    if el is None:
        return None
    return el.get(qn('w:val'), 'true') not in ('0', 'false', 'off')


class Styles:
    def __init__(self, doc):
        root = doc.styles.element
        self.by_id = {s.get(qn('w:styleId')): s for s in root.findall(qn('w:style'))}
        defaults = root.find(qn('w:docDefaults'))
        self.default_rpr = defaults.find(qn('w:rPrDefault') + '/' + qn('w:rPr')) if defaults is not None else None
        self.default_ppr = defaults.find(qn('w:pPrDefault') + '/' + qn('w:pPr')) if defaults is not None else None
        self.default_paragraph_style = next(
            (sid for sid, s in self.by_id.items() if s.get(qn('w:type')) == 'paragraph' and on_off_attr(s, 'w:default')),
            None,
        )

    def chain(self, style_id):
        """The style and the styles it is based on, most specific first."""
        seen = []
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.append(style_id)
            based = self.by_id[style_id].find(qn('w:basedOn'))
            style_id = based.get(qn('w:val')) if based is not None else None
        return [self.by_id[s] for s in seen]

    def name(self, style_id):
        style = self.by_id.get(style_id)
        if style is None:
            return style_id
        name = style.find(qn('w:name'))
        return name.get(qn('w:val')) if name is not None else style_id


def on_off_attr(el, attr):
    return el.get(qn(attr)) in ('1', 'true', 'on')


def child_val(parent, tag):
    el = parent.find(qn(tag)) if parent is not None else None
    return None if el is None else el.get(qn('w:val'))


def paragraph_style_id(p, styles):
    return child_val(p.find(qn('w:pPr')), 'w:pStyle') or styles.default_paragraph_style


def rpr_chain(r, p, styles):
    """rPr elements that apply to run r in paragraph p, most specific first."""
    chain = []
    rpr = r.find(qn('w:rPr'))
    if rpr is not None:
        chain.append(rpr)
        chain += [s.find(qn('w:rPr')) for s in styles.chain(child_val(rpr, 'w:rStyle'))]
    chain += [s.find(qn('w:rPr')) for s in styles.chain(paragraph_style_id(p, styles))]
    chain.append(styles.default_rpr)
    return [x for x in chain if x is not None]


def ppr_chain(p, styles):
    chain = [p.find(qn('w:pPr'))]
    chain += [s.find(qn('w:pPr')) for s in styles.chain(paragraph_style_id(p, styles))]
    chain.append(styles.default_ppr)
    return [x for x in chain if x is not None]


def first(chain, find):
    for el in chain:
        value = find(el)
        if value is not None:
            return value
    return None


def font_attr(kind):
    def find(rpr):
        fonts = rpr.find(qn('w:rFonts'))
        if fonts is None:
            return None
        theme = fonts.get(qn('w:' + kind + 'Theme'))  # a theme font wins over the named one
        return 'theme:' + theme if theme is not None else fonts.get(qn('w:' + kind))

    return find


def run_properties(r, p, styles):
    chain = rpr_chain(r, p, styles)
    size = first(chain, lambda rpr: child_val(rpr, 'w:sz'))
    return {
        'font': first(chain, font_attr('ascii')),
        'east_asia_font': first(chain, font_attr('eastAsia')),
        'size_pt': None if size is None else int(size) / 2,
        'bold': bool(first(chain, lambda rpr: on_off(rpr.find(qn('w:b'))))),
        'color': first(chain, lambda rpr: child_val(rpr, 'w:color')),
    }


class TextWalker:
    """Text of an element in document order; fields become "{INSTRUCTION}"."""

    def __init__(self):
        self.parts = []
        self.fields = []  # per open complex field: {'instr': str, 'phase': 'instr' | 'result'}

    def in_result(self):
        return any(f['phase'] == 'result' for f in self.fields)

    def walk(self, el):
        tag = el.tag
        if tag == qn('w:fldChar'):
            kind = el.get(qn('w:fldCharType'))
            if kind == 'begin':
                self.fields.append({'instr': '', 'phase': 'instr'})
            elif kind == 'separate' and self.fields:
                self.emit_instruction()
                self.fields[-1]['phase'] = 'result'
            elif kind == 'end' and self.fields:
                if self.fields[-1]['phase'] == 'instr':
                    self.emit_instruction()
                self.fields.pop()
            return
        if tag == qn('w:instrText'):
            if self.fields:
                self.fields[-1]['instr'] += el.text or ''
            return
        if tag == qn('w:fldSimple'):
            if not self.in_result():
                self.parts.append('{' + (el.get(qn('w:instr')) or '').strip() + '}')
            return
        if tag in (qn('w:pPr'), qn('w:rPr'), qn('w:tblPr'), qn('w:trPr'), qn('w:tcPr'), qn('w:sectPr')):
            return
        if not self.in_result():
            if tag == qn('w:t'):
                self.parts.append(el.text or '')
            elif tag == qn('w:tab'):
                self.parts.append('\t')
            elif tag in (qn('w:br'), qn('w:cr')):
                self.parts.append('\n')
        for child in el:
            self.walk(child)

    def emit_instruction(self):
        field = self.fields[-1]
        if field['phase'] == 'instr' and not any(f['phase'] == 'result' for f in self.fields[:-1]):
            self.parts.append('{' + field['instr'].strip() + '}')

    def text(self):
        return ''.join(self.parts)


def text_of(el):
    walker = TextWalker()
    walker.walk(el)
    return walker.text()


def spacing_with_line(ppr):
    spacing = ppr.find(qn('w:spacing'))
    return spacing if spacing is not None and spacing.get(qn('w:line')) is not None else None


def first_line_indent(ppr):
    ind = ppr.find(qn('w:ind'))
    return None if ind is None else ind.get(qn('w:firstLine'))


def paragraph_info(p, styles):
    pprs = ppr_chain(p, styles)
    spacing = first(pprs, spacing_with_line)
    line_spacing = None
    if spacing is not None:
        line = int(spacing.get(qn('w:line')))
        rule = spacing.get(qn('w:lineRule'), 'auto')
        line_spacing = {'rule': rule, 'pt': line / 20} if rule in ('exact', 'atLeast') else {'rule': 'auto', 'lines': line / 240}
    first_line = first(pprs, first_line_indent)
    runs = []
    for r in p.iter(qn('w:r')):
        text = text_of(r)
        if text:
            runs.append({'text': text, **run_properties(r, p, styles)})
    return {
        'text': text_of(p),
        'style': styles.name(paragraph_style_id(p, styles)),
        'alignment': first(pprs, lambda ppr: child_val(ppr, 'w:jc')),
        'first_line_indent_pt': None if first_line is None else int(first_line) / 20,
        'line_spacing': line_spacing,
        'runs': runs,
    }


def table_info(tbl, styles):
    rows, header_rows, bold_rows, fonts, sizes = [], 0, [], set(), set()
    for i, tr in enumerate(tbl.findall(qn('w:tr'))):
        cells = tr.findall(qn('w:tc'))
        rows.append(['\n'.join(text_of(p) for p in tc.iter(qn('w:p'))) for tc in cells])
        if on_off(tr.find(qn('w:trPr') + '/' + qn('w:tblHeader'))):
            header_rows += 1
        props = [run_properties(r, p, styles) for tc in cells for p in tc.iter(qn('w:p')) for r in p.iter(qn('w:r')) if text_of(r).strip()]
        for prop in props:
            fonts.add(prop['east_asia_font'] or prop['font'] or '')
            if prop['size_pt'] is not None:
                sizes.add(prop['size_pt'])
        if props and all(prop['bold'] for prop in props):
            bold_rows.append(i)
    grid = tbl.find(qn('w:tblGrid'))
    widths = [round(int(g.get(qn('w:w'))) * 25.4 / 1440, 2) for g in grid.findall(qn('w:gridCol'))] if grid is not None else []
    return {
        'rows': rows,
        'header_rows': header_rows,
        'bold_rows': bold_rows,
        'column_widths_mm': widths,
        'fonts': sorted(f for f in fonts if f),
        'sizes_pt': sorted(sizes),
    }


def header_footer_texts(part):
    if part.is_linked_to_previous:
        return None
    return [text_of(p) for p in part._element.iter(qn('w:p'))]


def section_info(section):
    return {
        'page_width_mm': mm(section.page_width),
        'page_height_mm': mm(section.page_height),
        'orientation': 'landscape' if section.orientation == 1 else 'portrait',
        'margin_top_mm': mm(section.top_margin),
        'margin_bottom_mm': mm(section.bottom_margin),
        'margin_left_mm': mm(section.left_margin),
        'margin_right_mm': mm(section.right_margin),
        'header_distance_mm': mm(section.header_distance),
        'footer_distance_mm': mm(section.footer_distance),
        'different_first_page': bool(section.different_first_page_header_footer),
        'headers': {
            'default': header_footer_texts(section.header),
            'even': header_footer_texts(section.even_page_header),
            'first': header_footer_texts(section.first_page_header),
        },
        'footers': {
            'default': header_footer_texts(section.footer),
            'even': header_footer_texts(section.even_page_footer),
            'first': header_footer_texts(section.first_page_footer),
        },
    }


def read(path):
    doc = Document(path)
    styles = Styles(doc)
    paragraphs, tables = [], []
    for block, el in enumerate(doc.element.body):
        if el.tag == qn('w:p'):
            paragraphs.append({'block': block, **paragraph_info(el, styles)})
        elif el.tag == qn('w:tbl'):
            tables.append({'block': block, **table_info(el, styles)})
    return {
        'properties': {'title': doc.core_properties.title, 'author': doc.core_properties.author},
        'settings': {'even_and_odd_headers': bool(doc.settings.odd_and_even_pages_header_footer)},
        'sections': [section_info(s) for s in doc.sections],
        'paragraphs': paragraphs,
        'tables': tables,
    }


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: read_docx.py FILE.docx')
    json.dump(read(sys.argv[1]), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write('\n')
