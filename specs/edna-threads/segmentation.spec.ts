// segmentationInfo, «Map<String, String> Дополнительные параметры для сегментации»: the built-in
// personal_manager takes an agent's login (one the target declares), and a value that is no string
// is refused.
import { answer, expect, test } from './ednaThreads.ts';

test.describe('segmentationInfo', () => {
  test(
    "personal_manager, available out of the box, takes an agent's login",
    { tag: ['@segmentation.personal-manager'] },
    async ({ edna, ednaTarget, client, check, skipCheck }) => {
      const login = ednaTarget.fixtures.personalManager;
      if (login === undefined)
        await skipCheck(
          'segmentation.personal-manager',
          "the target lists no fixtures.personalManager (an agent's login): what a login of no agent gets is not said",
        );
      await check('segmentation.personal-manager', async () => {
        expect(await edna.send(answer(client, { segmentationInfo: { personal_manager: login } }))).toBe2xx(`segmentationInfo.personal_manager "${login}"`);
      });
    },
  );

  test('a value that is an object or a list is refused', { tag: ['@segmentation.string-values'] }, async ({ edna, client, check }) => {
    // A number or a boolean may be coerced to its text, so neither is sent.
    const values: [string, unknown][] = [
      ['an object', { tier: 'gold' }],
      ['a list', ['gold', 'silver']],
    ];
    await check('segmentation.string-values', async () => {
      for (const [kind, value] of values)
        expect(await edna.send(answer(client, { segmentationInfo: { segment: value } }))).toBeRefused(`segmentationInfo.segment holding ${kind}`);
    });
  });
});
