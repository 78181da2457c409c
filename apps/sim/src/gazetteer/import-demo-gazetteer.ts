/** Loads the demo gazetteer into a running hub through its import API, as an operator would. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { API, PLACES_API, type LoginResponse, type PlaceImportAnswer, type PlaceImportRequest, type TownshipSeed } from '@xiaonao/contracts';
import { describeFailure, HubClient } from '../simulator/hub-client';
import { DEMO_GAZETTEER_COORDS } from './gazetteer-csv';

/**
 * Relative to the working directory, like the hub's web pages (WEB_DIR): the build copies only
 * TypeScript into dist/, so the data file is read where it lives in the source tree.
 */
export const DEMO_GAZETTEER_FILE = 'apps/sim/src/gazetteer/hezhuang-places.csv';

/** Imports the file; a second start finds every row unchanged. Throws if the hub refuses it. */
export async function importDemoGazetteer(hubUrl: string, seed: TownshipSeed, file = DEMO_GAZETTEER_FILE): Promise<PlaceImportAnswer> {
  const operator = seed.users.find((u) => u.role === 'operator');
  if (!operator) throw new Error(`标准地址导入：${seed.name}没有值班员账号 / gazetteer import: no operator in ${seed.code}`);
  const hub = new HubClient(hubUrl, new AbortController().signal);
  const session = await hub.post<LoginResponse>(API.login, { username: operator.username, password: operator.password }, {});
  if (!session.ok) throw new Error(`标准地址导入：登录失败 / gazetteer import: login failed (${describeFailure(session)})`);
  const request: PlaceImportRequest = {
    format: 'csv',
    coordSystem: DEMO_GAZETTEER_COORDS,
    content: await readFile(resolve(file), 'utf8'),
    source: `${seed.name}标准地址（演示）`,
  };
  const answer = await hub.post<PlaceImportAnswer>(PLACES_API.import, request, { token: session.body.token });
  if (!answer.ok) throw new Error(`标准地址导入失败 / gazetteer import failed (${describeFailure(answer)})`);
  return answer.body;
}
