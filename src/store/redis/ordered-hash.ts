/**
 * A JSON record per field in one Redis hash, listed in first-write order like the keyv stores' index keys.
 * Each write is one Lua call, so instances writing at once never lose each other's entries (the keyv version's
 * read-modify-write of an index key under an in-process lock would).
 */
import { chunks, parseJson, type RedisClient } from './client.js';

export class OrderedJsonHash<T> {
  private readonly data: string;
  private readonly order: string;
  private readonly counter: string;

  constructor(private readonly client: RedisClient, base: string) {
    this.data = base;
    this.order = `${base}:order`;
    this.counter = `${base}:seq`;
  }

  async get(field: string): Promise<T | undefined> {
    return parseJson<T>(await this.client.hGet(this.data, field));
  }

  async put(field: string, value: T): Promise<void> {
    await this.client.orderedPut([this.data, this.order, this.counter], [field, JSON.stringify(value)]);
  }

  async remove(field: string): Promise<void> {
    await this.client.multi().hDel(this.data, field).zRem(this.order, field).exec();
  }

  async list(): Promise<T[]> {
    const fields = await this.client.zRange(this.order, 0, -1);
    const out: T[] = [];
    for (const part of chunks(fields, 500)) {
      const raws = await this.client.hmGet(this.data, part);
      for (const raw of raws) {
        const v = parseJson<T>(raw);
        if (v !== undefined) out.push(v);
      }
    }
    return out;
  }
}
