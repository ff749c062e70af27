import { describe, it, expect } from 'vitest';
import { SettingsSaver, type SettingsHost } from '../../src/views/settings-saver.ts';
import { newStudy, type StudyRecord } from '../../src/study/model.ts';

function host() {
  const saves: StudyRecord[] = [];
  const h: SettingsHost = { study: newStudy('s') };
  h.save = async (next) => {
    await new Promise((r) => setTimeout(r, 5));
    const rec = { ...next, rev: next.rev + 1 };
    saves.push(rec);
    h.study = rec; // the page hands the saved record back
  };
  return { h, saves };
}

describe('SettingsSaver', () => {
  it('turns a burst of changes into one save of the last settings', async () => {
    const { h, saves } = host();
    const s = new SettingsSaver<{ unit: string }>(h, 'survival', 20);
    s.schedule({ unit: 'days' });
    s.schedule({ unit: 'months' });
    s.schedule({ unit: 'years' });
    await new Promise((r) => setTimeout(r, 60));
    await s.flush();
    expect(saves.map((x) => x.settings.survival)).toEqual([{ unit: 'years' }]);
  });

  it('saves one after another on the latest revision, and skips settings already stored', async () => {
    const { h, saves } = host();
    const s = new SettingsSaver<{ k: number }>(h, 'tables', 1000);
    s.schedule({ k: 1 });
    const a = s.flush();
    s.schedule({ k: 2 });
    const b = s.flush();
    await Promise.all([a, b]);
    expect(saves.map((x) => [x.settings.tables, x.rev])).toEqual([[{ k: 1 }, 1], [{ k: 2 }, 2]]);
    s.schedule({ k: 2 });
    await s.flush();
    expect(saves).toHaveLength(2);
  });

  it('keeps other views’ settings', async () => {
    const { h } = host();
    h.study = { ...h.study!, settings: { survival: { unit: 'months' } } };
    const s = new SettingsSaver<{ k: number }>(h, 'tables', 0);
    s.schedule({ k: 3 });
    await s.flush();
    expect(h.study!.settings).toEqual({ survival: { unit: 'months' }, tables: { k: 3 } });
  });
});
