import Database from 'better-sqlite3';
import fs from 'node:fs';
const variant = process.argv[2] ?? '';
const f='/tmp/sqc.db'; for (const s of ['','-wal','-shm']) fs.rmSync(f+s,{force:true});
const db=new Database(f); db.pragma('journal_mode=WAL'); db.pragma('synchronous='+(variant.includes('full')?'FULL':'NORMAL')); db.pragma('foreign_keys=ON');
db.pragma('cache_size=-131072');
db.exec(`create table campaigns(id text primary key);
create table points(campaign_id text references campaigns(id), point_id text, primary key(campaign_id,point_id)) without rowid;
create table shards(seq integer primary key, shard_id text not null unique, campaign_id text not null, point_id text not null, replicate int, block int, lo int, hi int, status text not null default 'pending', attempts int not null default 0, agent text, started_at int, finished_at int, error text, foreign key(campaign_id,point_id) references points(campaign_id,point_id));
create index sh_cp on shards(campaign_id, point_id, replicate, block);
${variant.includes('open')?"create index sh_open on shards(campaign_id, seq) where status not in ('done','diverged');":''}
create table res(seq integer primary key references shards(seq), status text, stats blob, agent text, started_at int, finished_at int);
create table counts(campaign_id text not null, status text not null, n integer not null default 0, primary key(campaign_id,status)) without rowid;
`);
if (variant.includes('trig')) db.exec(`
create trigger sh_ins after insert on shards begin
  insert into counts(campaign_id,status,n) values(new.campaign_id,new.status,1) on conflict(campaign_id,status) do update set n=n+1;
end;
create trigger sh_upd after update of status on shards when old.status is not new.status begin
  update counts set n=n-1 where campaign_id=old.campaign_id and status=old.status;
  insert into counts(campaign_id,status,n) values(new.campaign_id,new.status,1) on conflict(campaign_id,status) do update set n=n+1;
end;`);
db.prepare("insert into campaigns values('c')").run();
const N=+(process.argv[3]??1e5), P=1000;
const pid = (p)=> 'p'+(p*2654435761%4294967296).toString(16).padStart(16,'0');
db.transaction(()=>{const s=db.prepare('insert into points values(?,?)'); for(let p=0;p<P;p++) s.run('c',pid(p));})();
const ins=db.prepare('insert or ignore into shards(shard_id,campaign_id,point_id,replicate,block,lo,hi) values(?,?,?,?,?,?,?)');
let t=performance.now();
db.transaction(()=>{for(let k=0;k<N;k++){const p=k%P; const q=pid(p); ins.run(q+':'+(k/P|0),'c',q,k/P|0,0,0,5000);}})();
const treg=performance.now()-t;
const blob=Buffer.alloc(200,7);
const look=db.prepare('select seq from shards where shard_id=?').pluck();
const ir= db.prepare('insert or ignore into res values(?,?,?,?,?,?)');
const up=db.prepare("update shards set status=?, agent=?, started_at=?, finished_at=? where seq=?");
const commit= db.transaction((id)=>{const seq=look.get(id); const r=ir.run(seq,'done',blob,'a',1,2); if(r.changes) up.run('done','a',1,2,seq); return r.changes>0;});
const M=variant.includes('full')?1e4:1e5;
t=performance.now(); for(let i=0;i<M;i++){const p=i%P; const q=pid(p); commit(q+':'+(i/P|0));} const dt=performance.now()-t;
console.log(variant, N, 'register', treg.toFixed(0), 'commit us', (dt*1000/M).toFixed(1));
