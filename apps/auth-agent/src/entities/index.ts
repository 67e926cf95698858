import { RefreshTokenEntity } from './refresh-token.entity';
import { UserEntity } from './user.entity';

export { RefreshTokenEntity, UserEntity };
export const AUTH_ENTITIES = [UserEntity, RefreshTokenEntity];
