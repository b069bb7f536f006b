-- Items say what they answer (issue 11): the line as submitted (password masked), the host as
-- written, and every protocol that worked.

-- AlterTable
ALTER TABLE "check_items" ADD COLUMN     "line" TEXT,
ADD COLUMN     "protocols" "proxy_protocol"[] DEFAULT ARRAY[]::"proxy_protocol"[],
ADD COLUMN     "written_host" TEXT;
