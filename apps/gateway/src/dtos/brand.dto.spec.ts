import { fieldsOf, validate } from '../http/testing/validation';
import { ChangeMemberRoleDto, CreateBrandDto, InviteMemberDto, UpdateBrandDto } from './brand.dto';
import { PageQueryDto, toPageQuery } from './pagination.dto';

/** The gateway's validation of brand bodies and list queries, through the app's own strict pipe. */
describe('brand DTOs', () => {
  it('accepts a full brand', async () => {
    const dto = {
      name: 'Northside Coffee',
      industry: 'Coffee',
      description: null,
      website: 'https://northside.example.com',
      audience: 'Home baristas',
      tone: 'Warm',
      values: ['craft'],
      bannedWords: ['cheap'],
      pillars: ['brewing'],
      competitors: ['Blue Bottle'],
      timezone: 'Europe/Paris',
    };
    await expect(validate(dto, CreateBrandDto)).resolves.toMatchObject(dto);
  });

  it('names each bad field', async () => {
    expect(await fieldsOf({}, CreateBrandDto)).toEqual(['name']);
    expect(await fieldsOf({ name: '   ' }, CreateBrandDto)).toEqual(['name']);
    expect(await fieldsOf({ name: 'x'.repeat(121) }, CreateBrandDto)).toEqual(['name']);
    expect(await fieldsOf({ name: 'A', website: 'not a url' }, CreateBrandDto)).toEqual(['website']);
    expect(await fieldsOf({ name: 'A', website: 'ftp://files.example.com' }, CreateBrandDto)).toEqual(['website']);
    expect(await fieldsOf({ name: 'A', timezone: 'Mars/Olympus' }, CreateBrandDto)).toEqual(['timezone']);
    expect(await fieldsOf({ name: 'A', pillars: Array.from({ length: 13 }, (_, i) => `p${i}`) }, CreateBrandDto)).toEqual(['pillars']);
    expect(await fieldsOf({ name: 'A', values: ['a', 'a'] }, CreateBrandDto)).toEqual(['values']);
    expect(await fieldsOf({ name: 'A', values: [''] }, CreateBrandDto)).toEqual(['values']);
    expect(await fieldsOf({ name: 'A', bannedWords: null }, CreateBrandDto)).toEqual(['bannedWords']);
    expect(await fieldsOf({ name: 'A', tone: 42 }, CreateBrandDto)).toEqual(['tone']);
  });

  it('rejects unknown fields', async () => {
    expect(await fieldsOf({ name: 'A', role: 'owner' }, CreateBrandDto)).toEqual(['role']);
    expect(await fieldsOf({ id: 'x' }, UpdateBrandDto)).toEqual(['id']);
  });

  it('lets a patch change one field, clear text with null, but not null the name', async () => {
    expect(await fieldsOf({ tone: 'Calm' }, UpdateBrandDto)).toEqual([]);
    expect(await fieldsOf({ industry: null, website: null }, UpdateBrandDto)).toEqual([]);
    expect(await fieldsOf({ name: null }, UpdateBrandDto)).toContain('name');
    expect(await fieldsOf({ timezone: null }, UpdateBrandDto)).toContain('timezone');
  });

  it('checks an invitation by email and role, and a role change by role alone', async () => {
    expect(await fieldsOf({ email: 'sam@example.com', role: 'editor' }, InviteMemberDto)).toEqual([]);
    expect(await fieldsOf({ email: 'sam', role: 'admin' }, InviteMemberDto)).toEqual(['email', 'role']);
    expect(await fieldsOf({ role: 'viewer' }, ChangeMemberRoleDto)).toEqual([]);
    expect(await fieldsOf({ role: 'viewer', email: 'sam@example.com' }, ChangeMemberRoleDto)).toEqual(['email']);
  });

  it('reads the list convention: limit 1..100 (default 20) and an opaque cursor', async () => {
    const q = (await validate({ limit: '5', cursor: 'abc_-1' }, PageQueryDto, 'query')) as PageQueryDto;
    expect(toPageQuery(q)).toEqual({ limit: 5, cursor: 'abc_-1' });
    expect(toPageQuery((await validate({}, PageQueryDto, 'query')) as PageQueryDto)).toEqual({ limit: 20, cursor: null });
    for (const limit of ['0', '101', 'ten', '2.5']) expect(await fieldsOf({ limit }, PageQueryDto, 'query')).toEqual(['limit']);
    expect(await fieldsOf({ cursor: 'a b' }, PageQueryDto, 'query')).toEqual(['cursor']);
  });
});
