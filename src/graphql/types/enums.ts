import { registerEnumType } from "type-graphql";
import { Role } from "../../generated/prisma/enums.js";

registerEnumType(Role, { name: "Role", description: "READER < CI < OWNER < ADMIN; each role can do what the lower ones can." });

export { Role };
